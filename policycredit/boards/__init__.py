"""The Boards of Representatives (Ban đại diện HĐQT) with history: level, members and what
they hold, terms, quarterly meetings with agenda, attendance and resolutions, and the tasks
they assign followed to done."""
