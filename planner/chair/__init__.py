"""The chair of a conference: target date, nominations, endorsements and designation."""
