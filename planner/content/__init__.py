"""Content in several languages: a conference's and a meeting's own texts, translated."""
