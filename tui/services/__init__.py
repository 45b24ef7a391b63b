"""What the desk does, without Textual: the complaint side, the calls, the breaks.

Screens and widgets reach the database only through here; the app owns one of each
service and tells the screens of their changes by Textual signal.
"""
