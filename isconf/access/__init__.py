"""Who may do what: team members' roles and their names (issue 21). Pure: no database."""
