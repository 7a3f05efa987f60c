"""Loading the real reference data into the schools app.

The loaders run in this order (``manage.py load_reference_data`` does all of it):

1. ``geography.geography_load``: the 9 English regions and the local authorities.
2. ``schools.schools_load``: the schools, from the 2022 GIAS extract or a real GIAS download.
3. ``closures.schools_mark_later_status``: whether each school is still open in 2025, replaced or closed.
4. ``hub_areas.hub_areas_load``: the 87 teaching school hub areas, their districts, and each school's hub area.

Every loader reads and checks its whole file before it writes anything, writes in one transaction, and only saves
rows whose values differ, so a second run reports 0 created, 0 changed. A file with bad rows raises ``LoadFailed``
(every problem with its line number) and changes nothing.
"""
