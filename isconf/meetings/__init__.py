"""Case conferences: meetings, the agenda, attendance and decisions (no Qt)."""
