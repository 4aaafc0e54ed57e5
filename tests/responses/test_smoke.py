from responses.pdf import pdf_text
from tests.responses.conftest import electronic_case, issue, working


def test_issue_electronic(back_office, coordinador, django_capture_on_commit_callbacks):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    with django_capture_on_commit_callbacks(execute=False):
        letter = issue(case, back_office, coordinador)
    text = pdf_text(letter.attachment.file.read())
    print(text)
    assert letter.outgoing_radicado in text
