"""New answers, stored in one go: the replies, their items, the threats they name and the
numbering hints. SQLAlchemy Core on a synchronous connection, so that the one function serves
both ways of running it (see `bot.db.engine.SqlAnswerStore`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, insert

from bot.db.repositories.checkin import reply_row
from bot.db.repositories.items import ITEM_INSERT, item_rows
from bot.db.repositories.statements import inserted
from bot.db.repositories.threats import answer_threat
from bot.db.tables import NumberingHintRow, ReplyRow, ThreatRow
from bot.domain.model.items import AddedAnswers, NewAnswer

_THREAT_INSERT = insert(ThreatRow).returning(ThreatRow.id)  # built once, like ITEM_INSERT


def add_new(connection: Connection, answers: Sequence[NewAnswer]) -> AddedAnswers:
    """`AnswerStore.add_new`, inside the caller's transaction."""
    rows = [reply_row(a.prompt, a.reply, a.reading.parts) for a in answers]
    returned = inserted(connection, ReplyRow, rows, ReplyRow.id, ReplyRow.channel, ReplyRow.ts)
    ids = {(row.channel, row.ts): row.id for row in returned}
    new = [(ids[key], a) for a in answers if (key := (a.reply.channel, a.reply.ts)) in ids]
    if items := item_rows({reply_id: a.reading.drafts for reply_id, a in new}):
        connection.execute(ITEM_INSERT, items)
    threats = [
        answer_threat(
            reply_id, a.prompt.department.value, a.reply.user, a.prompt.round_date,
            a.reading.threat, a.reply.received_at,
        )
        for reply_id, a in new if a.reading.threat is not None
    ]  # fmt: skip
    threat_ids = list(connection.scalars(_THREAT_INSERT, threats)) if threats else []
    hints = {(a.prompt.round_date, a.reply.user) for _, a in new if not a.numbered}
    hinted = inserted(
        connection, NumberingHintRow,
        [{"round_date": day, "user_id": user} for day, user in hints],
        NumberingHintRow.round_date, NumberingHintRow.user_id,
    )  # fmt: skip
    return AddedAnswers(ids, threat_ids, {(row.round_date, row.user_id) for row in hinted})
