"""Logs never hold a whole ID or phone number (ASVS 16.2.5, GB/T 35273).

Code should not log personal numbers in the first place; this is the net beneath it. A
log-record factory masks the formatted message and the traceback text of every record
as it is made, whatever logger or handler it goes through, and escapes line breaks in
the message so that text a user typed cannot forge a log line (ASVS 16.4.1).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from shared.privacy.masking import redact

_installed = False


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not hide the record
        message = str(record.msg)
    message = redact(message).replace("\r", "\\r").replace("\n", "\\n")
    record.msg = message
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        # Format the traceback now, masked; formatters reuse `exc_text` when it is set.
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def install_log_redaction() -> None:
    """Wrap the process's log-record factory once; safe to call again."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
