"""
What each role's landing page shows.

Reads only, through the apps' selectors when they exist, so a feature app
that is not built yet leaves its panel empty instead of failing.
"""

from pqr_portal.roles import Role


def context_for(role: Role, request) -> dict:
    from intake.selectors import work_summary_for

    return work_summary_for(request.user, role)
