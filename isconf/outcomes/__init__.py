"""The outcome loop: visits due after surgery, children to re-screen, the centre's results
beside the literature, and the registry export (issue 20)."""
