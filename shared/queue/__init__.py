"""Queue tickets (取号) at the kiosk and calling them (叫号) at the windows.

    model.py     lines, tickets and their numbers (pure)
    store.py     all SQL of the queue (queue_lines, queue_tickets)
    tickets.py   taking a ticket at a kiosk and printing it (one per tap token)
    calls.py     a clerk calls the next number of their department's line, recalls it,
                 marks it done or not there (过号); every call audited
    layout.py    the ticket as printed on the 80 mm roll

A line is a department of the catalog (its windows in the hall); its letter is given once
and kept. Numbers start again at 1 every China day. A ticket holds nothing personal.
"""
