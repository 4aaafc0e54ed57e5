"""
Who may do what in the archive (conventions of intake/policy.py).

The auxiliar administrativo keeps the archive and the coordinator oversees it:
both archive cases, lend and receive files and edit the TRD. Every office role
that reads every case may also read where an expediente is, its retention and
its loans, and print a closed case's expediente (it shows nothing the case page
does not). The brigadista has no access to the archive.
"""

from __future__ import annotations

from pqr_portal.access import holds_any
from pqr_portal.roles import READ_ALL, Role

KEEPERS = frozenset({Role.AUXILIAR, Role.COORDINADOR})


def can_view_archive(user) -> bool:
    """Read the archive: lists, location, retention, loans, the TRD."""
    return holds_any(user, READ_ALL)


def can_manage_archive(user, obj=None) -> bool:
    """Archive a closed case, lend a file and receive it back."""
    return holds_any(user, KEEPERS)


def can_manage_trd(user, series=None) -> bool:
    """Add and edit the series of the document retention table."""
    return holds_any(user, KEEPERS)


def can_print_expediente(user, case=None) -> bool:
    """Print the foliated expediente of a closed case."""
    return holds_any(user, READ_ALL)
