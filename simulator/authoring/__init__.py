"""Tools for trainers who write scenarios: grade checks of test plans, the JSON Schema for
editors, watch mode, the local scenarios folder.

This package sits above the engine and scoring (it may import both; neither imports it), so
a test plan can check the grade scoring computes from the events the engine recorded while
the engine itself never imports scoring.
"""
