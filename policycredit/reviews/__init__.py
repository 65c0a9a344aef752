"""The Directive 40 review as a document (Word and PDF): the official heading, the narrative
sections with the figures filled in from the data, the tables and the signature block, from a
template an administrator edits."""
