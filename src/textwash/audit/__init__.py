"""The audit page (``clean … --report FILE.html``): what every filter cut, shown on a sample.

Workers keep a small deterministic sample of the documents each filter changed while they
clean (:mod:`textwash.audit.sample`, cheap counts only); the command merges the samples,
explains only the documents it keeps and writes one self-contained page
(:mod:`textwash.audit.page`). Nothing here is imported unless a page is asked for.
"""
