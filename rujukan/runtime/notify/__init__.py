"""Notifications: telling the people who should act when a referral arrives, is
declined, is late, or a statutory deadline passes, by e-mail and signed webhook.

- :mod:`.notices`: which recorded events need someone, and whom (pure);
- :mod:`.store`: recipients' channels, quiet hours and the facility address;
- :mod:`.notifier`: stages deliveries in the unit of work of the event;
- :mod:`.dispatcher`, :mod:`.channels`: sends them at least once, retried with back-off;
- :mod:`.routes`: the page and API where an account chooses its channels.
"""
