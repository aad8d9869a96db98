"""Email: send the workbooks, remind the late, fetch the replies (see docs/mail.md)."""
