"""The demo content loaded by ``manage.py load_demo``, as plain Python data.

Facts (event titles, dates, places, practice titles and periods) come from the pages of the
current site; every description, profile and body is written for the demo in English and
French. Each item carries the stable key (slug, username, file name) the loader matches on,
so loading twice gives the same rows.
"""
