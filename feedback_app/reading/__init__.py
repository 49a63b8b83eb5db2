"""The reading queue: every child's free-text answer is read by a person, soon.

A detector can only put the most worrying words first (feedback_app/safeguarding.py);
what keeps a child safe is that a safeguarding lead or a manager reads every child's
words within a deadline (``reading_deadline_working_days`` in the deployment YAML,
default 2 working days, on the register's working-day calendar). Each free-text answer
to a children's version of a questionnaire (one that shows how to get help) and to
have-your-say enters the queue with its response, in the same transaction
(feedback_app/submissions.py). The queue shows likely concerns first, then the oldest;
marking an answer read, or raising it as a concern with what was done, is audited; the
leads are reminded through the alerts outbox when anything is past its deadline.

What a reading record keeps (docs/decisions/0024): the response, the question, the
day it was read and who read it. No time, no team, no meeting type, no card.
"""
