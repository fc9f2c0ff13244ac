"""Pages of the directives app, split by subject: directives (import, review), tasks, reports."""
