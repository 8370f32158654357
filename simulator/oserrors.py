"""French wording of operating-system errors (errno), for every user-facing message.

`OSError.strerror` is English ("No such file or directory"); the user reads French. This
module has no dependency so that every package (log, scenario, cli, scoring) can use it.
"""

from __future__ import annotations

import errno

OS_REASONS: dict[int, str] = {
    errno.ENOENT: "chemin introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EISDIR: "un dossier porte ce nom",
    errno.EFBIG: "fichier trop volumineux",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques",
    errno.EIO: "erreur d'entrée-sortie (disque ou périphérique)",
    errno.EPIPE: "le programme lecteur s'est arrêté (tube fermé)",
    errno.EBUSY: "ressource occupée",
    errno.ETXTBSY: "fichier occupé",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts",
    errno.ENXIO: "périphérique absent",
    errno.ENODEV: "périphérique absent",
    errno.EINVAL: "opération invalide sur ce fichier",
}


def os_reason(exc: BaseException) -> str:
    """French reason of an OSError (never the English `strerror`)."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in OS_REASONS:
        return OS_REASONS[code]
    if isinstance(code, int):
        name = errno.errorcode.get(code, str(code))
        return f"erreur système {code} ({name})"
    return "erreur système"
