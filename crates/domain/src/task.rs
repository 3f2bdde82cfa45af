//! Tasks: to-do items with owners, due dates, resources and measured results.
