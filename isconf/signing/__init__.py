"""Sign-off of a closed meeting: users and passwords, signatures, the lock, amendments.

``Services.users`` is a ``UserService`` (``isconf.signing.users``) and
``Services.signing`` a ``SigningService`` (``isconf.signing.service``). The rules are
written out for clinicians and auditors in ``docs/signing.md``.
"""
