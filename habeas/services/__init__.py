"""
The holder's requests about their personal data (Ley 1581 de 2012):
`filing` (the public page), `access` (the report, PDF and JSON),
`suppression` (anonymise what is past retention; how long a case is kept
is the archive's answer, archive.selectors.cases_retention). Correction of the record
is intake.services.privacy.customer_correct; anonymising rows is intake's too.
"""

from habeas.services.access import access_report_data, access_report_issue
from habeas.services.filing import RIGHTS, case_identified, habeas_file_public
from habeas.services.suppression import suppression_execute, suppression_plan

__all__ = ["RIGHTS", "access_report_data", "access_report_issue", "case_identified",
           "habeas_file_public", "suppression_execute", "suppression_plan"]
