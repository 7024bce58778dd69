"""English and Russian texts under the same keys and placeholders (a test checks both).

Texts shown in messages are Slack mrkdwn: a literal `<`, `>` or `&` is written `&lt;`, `&gt;`,
`&amp;` (bot/slack/mrkdwn.py escapes the parameters, never the texts)."""

from __future__ import annotations

EN: dict[str, str] = {
    "date.long": "{weekday}, {day} {month} {year}",
    **{
        f"weekday.{i}": name
        for i, name in enumerate(
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        )
    },
    **{
        f"month.{i}": name
        for i, name in enumerate(
            (
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ),
            start=1,
        )
    },
    "department.marketing": "Marketing",
    "department.sales": "Sales",
    "department.smm": "the SMM team",
    "question.1": "What happened overnight?",
    "question.2": "What is the sales focus today — what are we pushing?",
    "question.3": "When is the next consumer promotion?",
    "question.4": "When is the next product modification due?",
    "question.5": "Which customers threatened to damage the company's reputation?",
    "checkin.header": "Daily check-in · {date}",
    "checkin.summary": "Daily check-in · {date}: today's questions from the SMM team",
    "checkin.intro": "Good morning, {department}! Today's questions from the SMM team:",
    "checkin.how_to": (
        "Reply *in this thread*. Start a line with the question's number "
        "(`1.`, `1)`, `1:`, `1 -` or `#1`); one reply may answer several questions."
    ),
    "hint.numbering": (
        "Thanks, your reply is saved as a general note. Next time start a line with the "
        "question's number (for example `2. Winter sale`) so it lands under that question."
    ),
    "date.short": "{day} {month}",
    "briefing.header": "SMM briefing · {date}",
    "briefing.nothing": "No answers yet today.",
    "briefing.focus": "Today's sales focus",
    "briefing.promotions": "Upcoming promotions",
    "briefing.products": "Product modifications",
    "briefing.threats": "Reputation threats",
    "briefing.overnight": "Overnight",
    "briefing.todo": "What to do today",
    "briefing.answered": "Who has answered",
    "briefing.answered_line": "{department}: {users}",
    "briefing.silent": "{department}: nobody has answered yet",
    "briefing.notes": "General notes",
    "item.line": "{title} — *{when}* · {department}",
    "when.ongoing": "on now, until {end}",
    "when.ongoing_open": "on now",
    "when.today": "today",
    "when.tomorrow": "tomorrow, {date}",
    "when.in_days": "in {days:p(day|days)}, {date}",
    "when.undated": "date not given",
    "threat.line": "{text} — <@{user}>, {department} · {age}",
    "threat.age_today": "raised today",
    "threat.age_days": "open for {days:p(day|days)}",
    "threat.resolve": "Resolved",
    "threat.dismiss": "Not a threat",
    "threat.alert": ":rotating_light: *Reputation threat* from {department} (<@{user}>):\n{text}",
    "threat.closed.resolved": ":white_check_mark: Resolved by <@{user}>, {time}",
    "threat.closed.not_a_threat": ":heavy_minus_sign: Not a threat, said <@{user}>, {time}",
    "threat.withdrawn": (
        ":heavy_minus_sign: Withdrawn: <@{user}> edited the answer, it no longer names a threat"
    ),
    "threat.error.not_manager": "Only the SMM managers can close reputation threats.",
    "todo.announce": "Promotion “{subject}” starts {date}: plan a series of announcements.",
    "todo.sale_today": (
        "Sale on now — “{subject}”: post it with a link to buy, and invite followers to compete "
        "with the sales managers (funny stories from customer dialogues work well)."
    ),
    "todo.tease": "Product modification “{subject}” is due {date}: start a teaser series.",
    "todo.answer_threat": "Threat “{subject}”: prepare a public answer and watch mentions.",
    "reminder.named": "Friendly reminder: {users}, please answer today's questions in this thread.",
    "reminder.gentle": (
        "Nobody has answered yet: a few words in this thread help the SMM team plan the day."
    ),
    "form.button": "Answer in a form",
    "form.title": "Daily check-in",
    "form.submit": "Send",
    "form.cancel": "Cancel",
    "form.date": "Date",
    "form.empty": "Answer at least one question.",
    "form.echo": "Answer from <@{user}>, sent through the form:\n{text}",
    "digest.entry": "{text} — <@{user}>, {department}",
    "task.usage": (
        "*Usage:* `/smm-task &lt;post URL&gt; [window] [like|share|comment] "
        "[@people @group #channel]`\n"
        "window: `90s`, `10m`, `1h30m` (10 s to 24 h, default {window}); "
        "the default audience is {audience}.\n"
        "Also: `/smm-task list`, `status &lt;id&gt;`, `cancel &lt;id&gt;`, `stats [7d|30d|90d]`, "
        "`help`; your VK profile: `link &lt;profile&gt;`, `link`, `unlink` "
        "(managers: `unlink @person`, someone else's)."
    ),
    "task.audience.default": "the marketing, sales and SMM channels",
    "task.error.no_url": "Give the post's link first.",
    "task.error.bad_url": (
        "`{url}` is not a link to a post: give a plain https:// address, without spaces, "
        "angle brackets or |."
    ),
    "task.error.long_url": (
        "That link is {length} characters long; Slack shows links of up to {max}."
    ),
    "task.error.window_range": "The window must be between {min} and {max}.",
    "task.error.unknown_subcommand": "I don't know `{word}`.",
    "task.error.unknown_word": "I don't understand `{word}` here.",
    "task.error.bad_id": "`{word}` is not a task number.",
    "task.error.bad_period": "`{word}` is not a period: use 7d, 30d or 90d.",
    "task.error.not_manager": "Only the SMM managers can create or cancel tasks.",
    "task.error.nobody": "Nobody in that audience can take the task right now.",
    "task.error.hidden_channel": (
        "I can't see <#{channel}>: it's a private channel I'm not in. Invite me with "
        "`/invite @SMM Pulse` there, then try again."
    ),
    "task.error.no_such_task": "There is no task #{id}.",
    "task.error.not_open": "Task #{id} is not open any more.",
    "error.not_saved": "Could not save your answer, please try again.",
    "error.not_saved.request": "Could not save your request, please try again.",
    "error.not_read": "Could not read the records just now, please try again.",
    "error.failed": "Something went wrong. Please try again.",
    "task.error.failed": "Something went wrong while setting up the task. Please try again.",
    "task.creating": "Setting up the task…",
    "task.created": (
        "Task #{id} is on: {count:p(person|people)} asked, {skipped} skipped, until {deadline}."
    ),
    "task.resumed": (
        "Task #{id} ({url}) is on after all: I was restarted while setting it up. "
        "{count:p(person|people)} asked, {skipped} skipped, until {deadline}."
    ),
    "task.expired": (
        "Your task for {url} did not start: I was restarted while setting it up, and its "
        "deadline ({deadline}) has passed. Nobody was asked; send `/smm-task` again if the "
        "post still needs it."
    ),
    "task.refused": "Your task for {url} did not start: {problem}",
    "task.progress_elsewhere": (
        "I'm not in this channel, so the live progress is in <#{channel}>. To have it "
        "here next time, invite me with `/invite @SMM Pulse`."
    ),
    "task.chart_elsewhere": (
        "I'm not in this channel, so the chart is in <#{channel}>. To have it here next "
        "time, invite me with `/invite @SMM Pulse`."
    ),
    "task.cancelled": "Task #{id} is cancelled.",
    "network.facebook": "Facebook",
    "network.vk": "VK",
    "network.instagram": "Instagram",
    "network.telegram": "Telegram",
    "network.linkedin": "LinkedIn",
    "network.x": "X",
    "network.youtube": "YouTube",
    "network.tiktok": "TikTok",
    "network.ok": "OK",
    "network.dzen": "Dzen",
    "network.web": "Web",
    "action.like": "like",
    "action.share": "share",
    "action.comment": "comment",
    "task.do.like": "Like this post",
    "task.do.share": "Share this post",
    "task.do.comment": "Comment on this post",
    "task.dm": "*Quick task, {network}:* {do} by *{deadline}*.\n{url}",
    "task.dm.reminder": "Reminder: {do} by *{deadline}*.\n{url}",
    "task.button.done": "Done",
    "task.button.cant": "Can't",
    "task.dm.done": ":white_check_mark: Done in {duration}. Thank you!",
    "task.dm.seen": ":white_check_mark: Seen on VK: liked in {duration}. Thank you!",
    "task.dm.seen_at_deadline": (
        ":white_check_mark: Checked at the deadline: your like is on VK. Thank you!"
    ),
    "task.dm.late": ":white_check_mark: Done in {duration}, after the deadline (counted as late).",
    "task.dm.cant": "Noted: you can't this time. Thanks for saying so.",
    "task.dm.cancelled": ":no_entry_sign: This task was cancelled.",
    "task.answer.not_yours": "This task belongs to someone else.",
    "task.answer.already": "You have answered already.",
    "task.answer.closed": "This task is closed.",
    "task.answer.unknown": "This task no longer exists.",
    "duration.s": "{s} s",
    "duration.ms": "{m} min {s} s",
    "duration.hm": "{h} h {m} min",
    "task.title": "Quick task #{id} · {network} · {action}",
    "task.counts": "{done} done · {cant} can't · {waiting} waiting",
    "task.counts.seen": "{count} seen on VK",
    "task.left": "{left} left",
    "task.report": "Report",
    "task.report.done": "Done in time: {count} of {assigned} ({share}%), median {median}",
    "task.report.done_none": "Done in time: 0 of {assigned}",
    "task.report.seen": "Seen on VK: {count} of {done} done",
    "task.report.said": "Said done, not seen on VK: {names}",
    "task.report.unliked": "Took the like back: {names}",
    "task.report.late": "Late: {names}",
    "task.report.cant": "Can't: {names}",
    "task.report.no_answer": "No answer: {names}",
    "task.report.skipped": "Skipped: {names}",
    "task.report.cancelled": "Cancelled by <@{user}>.",
    "task.open": "Open the post ({network})",
    "task.post": "the post",
    "post.new.vk": "*New VK post*",
    "post.new.telegram": "*New Telegram post*",
    "post.new.feed": "*New feed item*",
    "post.button.start": "Start quick likes",
    "post.button.dismiss": "Not this one",
    "post.started": ":zap: Quick likes are on: task #{id}.",
    "post.started.by": ":zap: Quick likes started by <@{user}>: task #{id}.",
    "post.dismissed": ":heavy_minus_sign: Not this one, said <@{user}>.",
    "post.error.not_manager": "Only the SMM managers can start quick likes for a post.",
    "post.error.unknown": "I no longer know that post.",
    "post.error.has_task": "This post already has its quick likes: task #{id}.",
    "post.error.dismissed": "<@{user}> already said not this one.",
    "network.feed": "Feeds",
    "presence.title": "Presence",
    "presence.silent": (
        "{network}: last post {days:p(day|days)} ago — an abandoned page is worse than none"
    ),
    "presence.none": (
        "{network}: no post in the last 90 days — an abandoned page is worse than none"
    ),
    "presence.cadence": "Posting cadence",
    "presence.cadence_line": (
        "{network}: {week:p(post|posts)} this week, {month} in the last 30 days"
    ),
    "presence.cadence_none": "{network}: nothing posted in the last 30 days",
    "presence.stats": "Posts by network",
    "presence.stats_line": "{network}: {count:p(post|posts)}",
    "reason.bot": "a bot",
    "reason.deleted": "deactivated",
    "reason.out_of_office": "out of office",
    "reason.outside_hours": "outside working hours",
    "reason.unknown": "not in this workspace",
    "task.list.empty": "No open tasks.",
    "task.list.title": "Open tasks",
    "task.stats.title": "Quick tasks, last {days} days",
    "task.stats.total": (
        "Tasks: {tasks} · {rate}% done in time ({done} of {assigned}) · median {median}"
    ),
    "task.stats.none": "No tasks in that period.",
    "task.stats.top": "Top five",
    "task.stats.bottom": "Bottom five",
    "task.stats.departments": "By department",
    "task.stats.networks": "By network",
    "task.stats.line": "{name}: {rate}% in time ({done} of {assigned}), median {median}",
    "task.stats.seen": "VK: {seen} likes seen there, {said} only said done",
    "task.stats.unlinked": "No VK profile linked (their likes cannot be checked): {names}",
    "vk.error.off": "VK is not connected to the bot, so there is no profile to link.",
    "vk.error.bad_profile": (
        "`{text}` is not a VK profile: give its link (https://vk.com/id123 or "
        "https://vk.com/name) or the screen name."
    ),
    "vk.error.no_such_profile": "VK knows no person called `{text}`: check the link.",
    "vk.error.taken": (
        "That VK profile is already linked to <@{user}>. If it is yours, ask an SMM manager "
        "to unlink it (`/smm-task unlink @person`), then link it again."
    ),
    "vk.error.not_manager": (
        "Only the SMM managers can unlink someone else's VK profile; "
        "`/smm-task unlink` removes your own."
    ),
    "vk.error.unavailable": "VK did not answer just now. Try again in a minute.",
    "vk.link.none": (
        "No VK profile linked. Link yours so your likes count by themselves: "
        "`/smm-task link https://vk.com/id…` or your screen name."
    ),
    "vk.link.shown": (
        "Your VK profile: {profile}. Change it with `/smm-task link &lt;profile&gt;`, "
        "remove it with `/smm-task unlink`."
    ),
    "vk.linked": (
        ":link: Linked: {profile}. Your likes on the company's VK posts now count by themselves."
    ),
    "vk.unlinked": "Your VK profile is no longer linked; the bot keeps nothing of it.",
    "vk.unlink.none": "No VK profile was linked.",
    "vk.unlinked.for": (
        "<@{user}>'s VK profile ({profile}) is no longer linked; they were told by DM."
    ),
    "vk.unlinked.for_untold": (
        "<@{user}>'s VK profile ({profile}) is no longer linked, but the DM telling them did "
        "not go out: tell them yourself."
    ),
    "vk.unlink.none_for": "<@{user}> has no VK profile linked.",
    "vk.unlinked.dm": (
        "<@{user}> removed the link to your VK profile {profile}: your likes there no longer "
        "count by themselves. Link your own with `/smm-task link https://vk.com/id…`."
    ),
    "vk.home.title": "Your VK profile",
    "vk.home.linked": (
        "Linked: {profile}. Your likes on the company's VK posts count by themselves."
    ),
    "vk.home.none": "Not linked: link it and your likes on VK count without a click.",
    "vk.home.link": "Link VK profile",
    "vk.home.change": "Change",
    "vk.modal.title": "VK profile",
    "vk.modal.label": "Your VK profile",
    "vk.modal.hint": "Its link or screen name. Leave it empty to remove the link.",
    "vk.modal.placeholder": "e.g. https://vk.com/id123",
    "vk.modal.submit": "Save",
    "task.mine.title": "Your open tasks",
    "task.mine.none": "No open task has asked you.",
    "task.mine.not_asked": (
        "Task #{id} did not ask you. Only the SMM managers see everyone's answers."
    ),
    "task.mine.waiting": ":hourglass: Waiting for your answer until {deadline}.",
    "task.mine.no_answer": "You did not answer in time (a click now counts as late).",
    "task.mine.skipped": "You were skipped: {reason}.",
    "task.mine.you": "You",
    "feedback.kind.question": "Question",
    "feedback.kind.complaint": "Complaint",
    "feedback.kind.praise": "Praise",
    "feedback.kind.competitor": "Competitor's scout",
    "feedback.kind.review": "Review",
    "feedback.kind.idea": "Idea",
    "feedback.usage": (
        "*Usage:* `/smm-feedback &lt;kind&gt; &lt;text&gt; [link]` with `@marketing` or `@sales` "
        "to send "
        "to one department (both by default) and `!` or `urgent` for urgent.\n"
        "Kinds: question (вопрос), complaint (жалоба), praise (похвала), competitor "
        "(конкурент), review (отзыв), idea (идея).\n"
        "Also: `/smm-feedback` alone opens a form; `list [kind] [7d|30d]`, `stats [7d|30d]`, "
        "`ask &lt;question&gt;`, `help`."
    ),
    "feedback.error.unknown_kind": "`{word}` is not a kind of feedback.",
    "feedback.error.empty_text": "Write what the customers said after the kind.",
    "feedback.error.bad_link": (
        "`{link}` is not a link: give a plain https:// address, without spaces, angle brackets "
        "or |."
    ),
    "feedback.error.long_link": (
        "That link is {length} characters long; Slack shows links of up to {max}."
    ),
    "feedback.error.empty_question": "Write the question after `ask`.",
    "feedback.error.bad_period": "`{word}` is not a period: use 7d or 30d.",
    "feedback.error.unknown_word": "I don't understand `{word}` here.",
    "feedback.error.not_manager": "Only the SMM managers can ask the departments.",
    "feedback.error.failed": "Something went wrong while sending it. Please try again.",
    "feedback.sending": "Sending…",
    "feedback.created": "Feedback #{id} sent to {departments}.",
    "feedback.partly": (
        "Feedback #{id} sent to {sent}. Not yet to {pending}: Slack is not answering, "
        "I'll keep trying."
    ),
    "feedback.pending": (
        "Feedback #{id} is saved, but Slack is not answering: I'll send it to {pending} "
        "as soon as it does."
    ),
    "feedback.urgent": ":rotating_light: *urgent*",
    "feedback.header": "{emoji} *{kind}* from <@{author}>",
    "feedback.button.take": "Taken",
    "feedback.button.done": "Done",
    "feedback.taken": "Taken by <@{user}>, {time}",
    "feedback.done": ":white_check_mark: Done: <@{user}>, {time}",
    "feedback.form.title": "Customer feedback",
    "feedback.form.kind": "Kind",
    "feedback.form.text": "What did customers say?",
    "feedback.form.link": "Link",
    "feedback.form.departments": "Send to",
    "feedback.form.urgent": "Urgent",
    "feedback.form.submit": "Send",
    "feedback.list.title": "Feedback, last {days} days",
    "feedback.list.empty": "No feedback in that period.",
    "feedback.list.line": "#{id} {emoji} {text} · {state}",
    "feedback.state.open": "not taken",
    "feedback.state.taken": "taken by <@{user}>",
    "feedback.state.done": "done",
    "feedback.stats.title": "Feedback, last {days} days",
    "feedback.stats.total": "{total} items · {urgent} urgent · {taken} taken · {done} done",
    "feedback.stats.line": "{name}: {count}",
    "question.header": ":speech_balloon: *Coordination question from <@{asker}>:*",
    "question.how": "Vote with the buttons (you can change your vote) and comment in the thread.",
    "question.tally": "Yes: {yes} · No: {no} · Let's discuss: {discuss} · comments: {comments}",
    "question.button.yes": "Yes",
    "question.button.no": "No",
    "question.button.discuss": "Let's discuss",
    "question.button.close": "Close",
    "question.closed": "Closed by <@{user}>, {time}",
    "question.asked": "Question #{id} sent to marketing and sales.",
    "question.partly": (
        "Question #{id} sent to {sent}. Not yet to {pending}: Slack is not answering, "
        "I'll keep trying."
    ),
    "question.pending": (
        "Question #{id} is saved, but Slack is not answering: I'll send it to {pending} "
        "as soon as it does."
    ),
    "question.not_asker": "Only the one who asked can close this question.",
    "question.is_closed": "This question is closed.",
    "rollup.header": "Voice of the customer · week to {date}",
    "rollup.counts": "This week, against the week before",
    "rollup.count": "{emoji} {kind}: {count} (the week before: {before})",
    "rollup.none": "No feedback this week.",
    "rollup.untaken": "Not taken yet: {count}",
    "briefing.feedback": "Feedback since {date}",
    "briefing.feedback_line": "{emoji} {kind}: {count}",
    "briefing.untaken": "Nobody has taken {count:p(feedback item|feedback items)} yet.",
    "briefing.more": "…and {count:n} more, further off.",
    "briefing.questions": "Open coordination questions",
    "briefing.question_line": "{text} — <@{asker}> · {tally}",
    "job.feedback-rollup.posted": "Voice of the customer posted to {department} ({channel}).",
    "job.feedback-rollup.exists": (
        "Voice of the customer for {department} ({channel}) was already posted."
    ),
    "doctor.settings": "ok   settings: every setting is valid",
    "doctor.token": "ok   token: the bot is @{bot} in {team}",
    "doctor.token_bad": (
        "FAIL token: Slack says '{error}'. Fix: copy the Bot User OAuth Token (xoxb-…) from "
        "OAuth & Permissions into SLACK_BOT_TOKEN"
    ),
    "doctor.unreachable": (
        "FAIL token: cannot reach Slack at {url} ({error}). Fix: check that this machine can "
        "reach it: its network, DNS, proxy or firewall"
    ),
    "doctor.app_token": "ok   app token: Slack opens Socket Mode connections with it",
    "doctor.app_token_bad": (
        "FAIL app token: Slack says '{error}'. Fix: on the app's Basic Information page, "
        "generate an app-level token (xapp-…) with the connections:write scope and paste it "
        "into SLACK_APP_TOKEN"
    ),
    "doctor.app_token_failed": (
        "FAIL app token: Slack did not answer ({error}). Fix: run `smm-bot doctor` again in a "
        "minute"
    ),
    "doctor.channel": "ok   {setting}: the bot is in #{name}",
    "doctor.channel_joined": "ok   {setting}: the bot has joined #{name}",
    "doctor.managers": "ok   SMM_MANAGERS: the managers are {names}",
    "doctor.managers_none": (
        "FAIL SMM_MANAGERS: nobody may start quick-like tasks, close threats or edit the "
        "questions. Fix: put the SMM manager's member ID in SMM_MANAGERS (their Slack profile → "
        "⋮ → Copy member ID), several separated by commas"
    ),
    "doctor.managers_wrong": (
        "FAIL SMM_MANAGERS: no person of this workspace: {wrong}. Fix: copy each manager's "
        "member ID from their Slack profile (⋮ → Copy member ID)"
    ),
    "doctor.channel_join_failed": (
        "FAIL {setting}: could not join #{name} ('{error}'). Fix: type `/invite @SMM Pulse` "
        "in #{name}"
    ),
    "doctor.channel_missing": (
        "FAIL {setting}: Slack shows the bot no channel {channel}: the ID is wrong, or the "
        "channel is private and the bot is not invited. Fix: check the ID in {setting} (channel "
        "details, at the bottom); in a private channel, type `/invite @SMM Pulse`"
    ),
    "doctor.channel_failed": (
        "FAIL {setting}: Slack answered '{error}' about {channel}. Fix: run `smm-bot doctor` "
        "again in a minute"
    ),
    "doctor.missing_scope": (
        "FAIL {setting}: the app lacks the `{scope}` scope. Fix: add `{scope}` to "
        "oauth_config.scopes.bot in the app's manifest (`smm-bot manifest` prints ours), "
        "then reinstall the app to the workspace"
    ),
    "doctor.database": "ok   database: migrated to the latest revision ({revision})",
    "doctor.database_behind": (
        "ok   database: at revision {revision}; `smm-bot run` migrates it to the latest ({head}) "
        "at start (or `smm-bot migrate` now)"
    ),
    "doctor.database_newer": (
        "FAIL database: at revision {revision}, which this version of the bot does not know (a "
        "newer version migrated it). Fix: run that newer version, or restore a backup made "
        "before it"
    ),
    "doctor.database_unusable": (
        "FAIL database: {problem}. Fix: correct DATABASE_URL, or start the database and let "
        "the bot reach it and write to it"
    ),
    "doctor.vk": "ok   VK: the token reads the wall of the community “{name}” ({group})",
    "doctor.vk_no_group": (
        "FAIL VK_GROUP_ID: VK knows no community {group} ({error}). Fix: put the community's "
        "id in VK_GROUP_ID: the number in its wall's links, vk.com/wall-<id>_…"
    ),
    "doctor.vk_refused": (
        "FAIL VK_TOKEN: VK refuses the token ({error}). Fix: paste into VK_TOKEN a token that "
        "may read the community's wall and likes, such as a community admin's user token (a "
        "community token may not; see .env.example)"
    ),
    "doctor.vk_long_poll": (
        "FAIL VK_LONGPOLL: VK refuses the community's long poll ({error}). Fix: turn Bots Long "
        "Poll on in the community (Manage → API usage → Long Poll API) and paste into VK_TOKEN "
        "a community admin's user token (an app's service key may not use it), or set "
        "VK_LONGPOLL=false and connect the Callback API"
    ),
    "doctor.vk_unreachable": (
        "FAIL VK_API_URL: cannot reach VK at {url} ({error}). Fix: check that this machine can "
        "reach it (its network, DNS, proxy or firewall) and that VK_API_URL is right"
    ),
    "doctor.telegram": (
        "ok   Telegram: the bot @{bot} is an administrator of {channel} (“{title}”)"
    ),
    "doctor.telegram_token": (
        "FAIL TELEGRAM_BOT_TOKEN: Telegram refuses the token ({error}). Fix: copy the token "
        "@BotFather gave the bot into TELEGRAM_BOT_TOKEN"
    ),
    "doctor.telegram_channel": (
        "FAIL TELEGRAM_CHANNEL: Telegram shows the bot no channel {channel} ({error}). Fix: "
        "check TELEGRAM_CHANNEL (@name of a public channel, the id of a private one) and add "
        "@{bot} to the channel as an administrator"
    ),
    "doctor.telegram_not_admin": (
        "FAIL TELEGRAM_CHANNEL: the bot @{bot} is not an administrator of {channel} (it is "
        "'{status}'), so Telegram sends it none of the channel's posts. Fix: in the channel's "
        "settings, Administrators → Add Admin → @{bot}"
    ),
    "doctor.telegram_failed": (
        "FAIL Telegram: the Bot API answered {method} with '{error}'. Fix: run `smm-bot doctor` "
        "again in a minute"
    ),
    "doctor.telegram_unreachable": (
        "FAIL TELEGRAM_API_URL: cannot reach Telegram at {url} ({error}). Fix: check that this "
        "machine can reach it (its network, DNS, proxy or firewall) and that TELEGRAM_API_URL "
        "is right"
    ),
    "doctor.feeds": "ok   FEEDS: every feed answers and reads as RSS or Atom: {titles}",
    "doctor.feeds_broken": (
        "FAIL FEEDS: {broken}. Fix: correct each such URL in FEEDS (the feed's own address, "
        "not its site's), or remove it"
    ),
    "doctor.feed_http": "{url} answers HTTP {status}",
    "doctor.feed_unreachable": "{url} cannot be reached ({error})",
    "doctor.feed_not_feed": "{url} is not an RSS or Atom feed",
    "doctor.feed_too_large": "{url} is larger than a feed can be",
    "database.refused": "cannot connect to {where} (connection refused)",
    "database.unknown_host": "cannot connect to {where} (unknown host: DNS has no such name)",
    "database.timeout": "cannot connect to {where} (no answer in {seconds} s)",
    "database.failed": "cannot use {where}: {error}",
    "database.no_folder": "cannot create {path}: folder does not exist",
    "database.not_a_folder": "cannot create {path}: {folder} is a file, not a folder",
    "database.folder_read_only": "cannot create {path}: folder is not writable",
    "database.read_only": "cannot write to {path}: the file is read-only",
    "database.journal_read_only": (
        "cannot write to {path}: its folder is not writable (SQLite keeps its journal there)"
    ),
    "database.missing": "no SQLite database at {path}",
    "database.not_migrated": (
        "the database is at revision {revision}, not the latest: run `smm-bot migrate` first"
    ),
    "home.my_tasks": "Your quick tasks",
    "home.no_tasks": "No task is waiting for you.",
    "home.checkin": "Today's check-in",
    "home.checkin.answered": ":white_check_mark: {department}: you have answered",
    "home.checkin.waiting": ":hourglass: {department}: your answer is awaited in the thread",
    "home.checkin.none": "{department}: not asked today",
    "home.none": "None.",
    "list.more": "…and {count} more",
    "list.and_more": "{items} and {count} more",
    "message.continued": (
        ":thread: Continued in the thread ({count:p(more message|more messages)})."
    ),
    "message.part": "Continued, part {part} of {parts}",
    "message.below": ":arrow_down: Continued below ({count:p(more message|more messages)}).",
    "message.left_out": "The rest did not fit ({count:p(more part|more parts)}).",
    "briefing.nothing_past": "Nobody answered that day.",
    "briefing.silent_past": "{department}: nobody answered",
    "brief.usage": (
        "*Usage:* `/smm-brief [day]` shows you that day's briefing, composed from what is "
        "stored; only you see it. Without a day, today's.\n"
        "Day: `today`, `yesterday`, a date such as `2026-11-24`, or a weekday, `monday` … "
        "`sunday` (`mon` … `sun`): the latest one, counting today (on a Wednesday `monday` "
        "is two days ago and `wednesday` is today; for a week earlier, give the date).\n"
        "In Russian too: `сегодня`, `вчера`, `позавчера`, `понедельник` (`пн`) … `воскресенье` "
        "(`вс`), `в пятницу`. Also: `help`."
    ),
    "brief.error.unknown": "I can't tell which day `{text}` is.",
    "brief.error.no_such_date": "There is no such date as `{text}`.",
    "brief.error.future": "`{text}` is still to come: briefings are shown for today and before.",
    "brief.day_off": "No briefing for {date}: it is not a workday.",
    "brief.no_checkin": "No briefing for {date}: there was no check-in that day.",
    "brief.not_yet": "No briefing yet: today's check-in ({date}) has not been posted.",
    "home.last_task": "The last task",
    "questions.home": "Check-in questions",
    "questions.edit": "{department}: questions",
    "questions.title": "{department}: questions",
    "questions.intro": (
        "Up to {count} questions, asked in this order from the next check-in. Clear a "
        "question's fields to remove it; to move it, choose its new position (the others "
        "shift). Today's round keeps the questions it asked."
    ),
    "questions.row": "*Question {number}*",
    "questions.text_en": "Question (English)",
    "questions.text_ru": "Question (Russian)",
    "questions.kind": "What the answers mean",
    "questions.title_en": "Briefing heading (English, optional)",
    "questions.title_ru": "Briefing heading (Russian, optional)",
    "questions.submit": "Save",
    "questions.position": "Position in the list",
    "questions.kind.news": "Overnight news",
    "questions.kind.focus": "Today's sales focus",
    "questions.kind.promotion": "A promotion (dated)",
    "questions.kind.product": "A product modification (dated)",
    "questions.kind.threat": "A reputation threat",
    "questions.kind.date": "A dated item under its heading",
    "questions.kind.text": "Text under its heading",
    "questions.error.required": "Fill this in too, or clear the whole question.",
    "questions.error.title": "Give the heading in both languages, or in neither.",
    "questions.error.empty": "Keep at least one question.",
    "questions.error.long": "Too long: please shorten it.",
    "questions.error.not_manager": "Only the SMM managers can change the check-in questions.",
    "questions.home.department": "{department} · {count:p(question|questions)}",
    "questions.home.line": "*{number}.* {text} — _{kind}_",
    "questions.home.titled": "*{number}.* {text} — _{kind}_: “{title}”",
    "questions.saved.announced": (
        ":white_check_mark: The {department} questions are saved and announced in <#{channel}>: "
        "the next check-in asks them."
    ),
    "questions.saved.unchanged": (
        "The {department} questions are as they were: nothing changed, nothing announced in "
        "<#{channel}>."
    ),
    "questions.saved.not_announced": (
        ":warning: The {department} questions are saved and the next check-in asks them, but "
        "the announcement in <#{channel}> could not be posted: please let the team know yourself."
    ),
    "questions.changed": (
        "{user} changed the {department} check-in questions. From the next check-in:\n{questions}"
    ),
    "job.not_workday": "{date} is not a workday: nothing posted (use --force to post anyway).",
    "job.checkin.posted": "Check-in posted to {department} ({channel}).",
    "job.checkin.exists": "Check-in for {department} ({channel}) was already posted that day.",
    "job.digest.posted": "Briefing for {date} posted to {channel}.",
    "job.digest.updated": "Briefing for {date} updated in {channel}.",
    "job.digest.pending": "Briefing for {date} is being posted by another run.",
    "job.reminders.posted": "Reminder posted to {department} ({channel}).",
    "job.reminders.exists": "Reminder for {department} ({channel}) was already sent that day.",
    "job.reminders.nothing_to_do": "No reminder needed for {department} ({channel}).",
    "job.failed": (
        "The {job} job could not reach Slack (see the log); running it again is safe: "
        "nothing is posted twice."
    ),
    "job.checkin.failed": (
        "Check-in for {department} ({channel}) could not be posted (see the log); "
        "running the job again retries it."
    ),
    "job.reminders.failed": (
        "Reminder for {department} ({channel}) could not be posted (see the log); "
        "running the job again retries it."
    ),
    "job.feedback-rollup.failed": (
        "Voice of the customer for {department} ({channel}) could not be posted (see the log); "
        "running the job again retries it."
    ),
    "missed.checkin": (
        ":warning: The check-in for {date} could not be posted before the reminder time, so "
        "nobody was asked the day's questions. The bot's log says why."
    ),
    "missed.reminders": (
        ":warning: The reminders for {date} could not be posted before the end of the working "
        "day. The bot's log says why."
    ),
    "missed.digest": (
        ":warning: The briefing for {date} could not be posted before the end of the working "
        "day. The bot's log says why."
    ),
    "missed.feedback-rollup": (
        ":warning: The voice of the customer for the week to {date} could not be posted that "
        "day. The bot's log says why."
    ),
    "demo.title": "SMM Pulse: one working day",
    "demo.dm": "DM with {name}",
    "demo.thread": "thread",
    "demo.updated": "updated",
    "demo.edited": "edited",
    "demo.only_you": "only {name} sees this",
    "demo.clicked": "clicks [{button}]",
    "demo.person.maria": "Maria (SMM)",
    "demo.person.anna": "Anna",
    "demo.person.oleg": "Oleg",
    "demo.person.vera": "Vera",
    "demo.person.boris": "Boris",
    "demo.person.gleb": "Gleb",
    "demo.step.checkin": "The bot asks marketing and sales the five standing questions",
    "demo.step.checkin_own": "The bot asks marketing and sales the questions each team set",
    "demo.step.link": (
        "Anna and Boris link their VK profiles, so that their likes count by themselves (Boris "
        "gives his screen name); Oleg does not"
    ),
    "demo.step.answers": (
        "The teams answer in the threads: Anna in English, Gleb without numbers, Boris in Russian"
    ),
    "demo.step.retry": (
        "Slack delivers Boris's answer a second time (a retry, X-Slack-Retry-Num: 1)"
    ),
    "demo.retried": "Delivered again: stored once, no second alert",
    "demo.step.edit": "Anna edits her answer: the sale moves",
    "demo.step.edit_date": "Anna edits her answer: the webinar moves",
    "demo.step.reminders": (
        "A reminder in the marketing thread for Oleg, who has not answered (Vera is on vacation, "
        "and sales have all answered)"
    ),
    "demo.step.digest": (
        "The morning briefing for the SMM manager: nothing posted on VK since {date}"
    ),
    "demo.step.vk_post": (
        "A new post on the company's VK page: the bot starts quick likes by itself, until "
        "{deadline}"
    ),
    "demo.step.likes": (
        "Anna and Boris like it on VK: the bot sees their likes, and their DMs turn green "
        "without a click; Oleg only clicks Done. Halfway, a reminder to the rest; at the "
        "deadline, the report"
    ),
    "demo.step.stats": (
        "Maria looks at the week's quick tasks: the leaderboard, likes seen on VK or only "
        "said, and a chart"
    ),
    "demo.step.feedback": "Maria passes an urgent customer complaint to marketing and sales",
    "demo.step.rollup": "End of the week: the voice of the customer, for both departments",
    "demo.answer.marketing.news": "Our reel got 12,000 views overnight",
    "demo.answer.marketing.focus": "Push the winter boots: the ads go live at noon",
    "demo.answer.marketing.promotion": "Winter sale on boots, 20% off, in 3 days",
    "demo.answer.marketing.promotion_moved": "Winter sale on boots, 20% off, in 5 days",
    "demo.answer.marketing.product": "New boot colours in two weeks",
    "demo.answer.marketing.threat": "A blogger with 50,000 followers calls our delivery a scam",
    "demo.answer.marketing.date": "Webinar on {date}",
    "demo.answer.marketing.text": "Rivals cut their boot prices by 10% this week",
    # Boris writes in Russian whatever the day's language
    "demo.answer.sales.news": "Вчера вечером распродали все шарфы",
    "demo.answer.sales.focus": "Фокус дня — зимние сапоги, продаём в комплекте с шарфом",
    "demo.answer.sales.promotion": "Новогодняя распродажа с 20 по 31 декабря",
    "demo.answer.sales.product": "Сапоги на меху в продаже с 15 декабря",
    "demo.answer.sales.threat": (
        "Покупатель Иван П. грозит разгромным отзывом из-за задержки доставки"
    ),
    "demo.answer.sales.date": "Встреча с оптовиками {date}",
    "demo.answer.sales.text": "Договор с «Обувь-Опт» подпишем до конца недели",
    "demo.answer.gleb": "Busy morning at the store, I will add more later",
    "demo.feedback": (
        "complaint! My boots came two weeks late and nobody answers the phone "
        "https://vk.com/wall-1_2024?reply=77"
    ),
    "demo.file": "📎 {title} (PNG, {size:n} KB)",
    "demo.company": "Our company",
    "demo.vk.old_post": "The new boot collection is in the shop",
    "demo.vk.post": "Winter boots are back in stock: 20% off until Sunday",
    "demo.vk.publishes": "publishes a post: {text}",
    "demo.vk.likes": ":heart: likes the post",
    "demo.vk.first_dm": (
        "The first DM went out {seconds:n} s after the post was published; nobody typed a command"
    ),
    "demo.done": (
        "The day is over: {messages:p(message|messages)} in {seconds:n} s. The transcript: {path}"
    ),
    # the done-in-time chart
    "chart.title": "Quick tasks done in time, {first} – {last}",
    "chart.day": "Day the task was set",
    "chart.rate": "Done in time",
    "chart.comment": (
        "Quick tasks, last {days} days: the share done in time, per day and department."
    ),
    "department.other": "No department",
}

RU: dict[str, str] = {
    "date.long": "{weekday}, {day} {month} {year}",
    **{
        f"weekday.{i}": name
        for i, name in enumerate(
            ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
        )
    },
    **{
        f"month.{i}": name
        for i, name in enumerate(
            (
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ),
            start=1,
        )
    },
    "department.marketing": "Маркетинг",
    "department.sales": "Продажи",
    "department.smm": "SMM-команда",
    "question.1": "Что случилось за ночь?",
    "question.2": "На чём сегодня делаем акцент в продажах?",
    "question.3": "Когда следующая акция для покупателей?",
    "question.4": "Когда ждать следующей модификации продукта?",
    "question.5": "Кто из покупателей угрожал подмочить репутацию компании?",
    "checkin.header": "Вопросы дня · {date}",
    "checkin.summary": "Вопросы дня от SMM-команды · {date}",
    "checkin.intro": "Доброе утро, коллеги! Вопросы дня от SMM-команды для отдела «{department}»:",
    "checkin.how_to": (
        "Отвечайте *в этой ветке*. Начинайте строку с номера вопроса "
        "(`1.`, `1)`, `1:`, `1 -` или `#1`); одним сообщением можно ответить на несколько вопросов."
    ),
    "hint.numbering": (
        "Спасибо, ответ сохранён как общая заметка. В следующий раз начните строку с номера "
        "вопроса (например, `2. Зимняя распродажа`), чтобы ответ попал к этому вопросу."
    ),
    "date.short": "{day} {month}",
    "briefing.header": "SMM-брифинг · {date}",
    "briefing.nothing": "Сегодня ответов пока нет.",
    "briefing.focus": "Акцент в продажах на сегодня",
    "briefing.promotions": "Ближайшие акции",
    "briefing.products": "Модификации продукта",
    "briefing.threats": "Угрозы репутации",
    "briefing.overnight": "За ночь",
    "briefing.todo": "Что сделать сегодня",
    "briefing.answered": "Кто ответил",
    "briefing.answered_line": "{department}: {users}",
    "briefing.silent": "{department}: пока никто не ответил",
    "briefing.notes": "Общие заметки",
    "item.line": "{title} — *{when}* · {department}",
    "when.ongoing": "идёт сейчас, до {end}",
    "when.ongoing_open": "идёт сейчас",
    "when.today": "сегодня",
    "when.tomorrow": "завтра, {date}",
    "when.in_days": "через {days:p(день|дня|дней)}, {date}",
    "when.undated": "дата не указана",
    "threat.line": "{text} — <@{user}>, {department} · {age}",
    "threat.age_today": "поступила сегодня",
    "threat.age_days": "открыта {days:p(день|дня|дней)}",
    "threat.resolve": "Решено",
    "threat.dismiss": "Не угроза",
    "threat.alert": (":rotating_light: *Угроза репутации* · {department} (<@{user}>):\n{text}"),
    "threat.closed.resolved": ":white_check_mark: Решено, отметил(а) <@{user}>, {time}",
    "threat.closed.not_a_threat": ":heavy_minus_sign: Не угроза, по словам <@{user}>, {time}",
    "threat.withdrawn": (
        ":heavy_minus_sign: Снято: <@{user}> исправил(а) ответ, угрозы в нём больше нет"
    ),
    "threat.error.not_manager": "Закрывать угрозы репутации могут только SMM-менеджеры.",
    "todo.announce": "Акция «{subject}» начинается {date}: запланируйте серию анонсов.",
    "todo.sale_today": (
        "Сейчас идёт распродажа «{subject}»: расскажите о ней со ссылкой на покупку и позовите "
        "подписчиков посоревноваться с менеджерами по продажам (хорошо заходят забавные "
        "истории из диалогов с покупателями)."
    ),
    "todo.tease": "Модификация продукта «{subject}» ожидается {date}: начните серию тизеров.",
    "todo.answer_threat": (
        "Угроза «{subject}»: подготовьте публичный ответ и следите за упоминаниями."
    ),
    "reminder.named": "{users}, напоминаем: ответьте, пожалуйста, на вопросы дня в этой ветке.",
    "reminder.gentle": (
        "Пока никто не ответил: пара слов в этой ветке поможет SMM-команде спланировать день."
    ),
    "form.button": "Ответить в форме",
    "form.title": "Вопросы дня",
    "form.submit": "Отправить",
    "form.cancel": "Отмена",
    "form.date": "Дата",
    "form.empty": "Ответьте хотя бы на один вопрос.",
    "form.echo": "<@{user}> ответил(а) через форму:\n{text}",
    "digest.entry": "{text} — <@{user}>, {department}",
    "task.usage": (
        "*Как пользоваться:* `/smm-task &lt;ссылка на пост&gt; [срок] [лайк|репост|коммент] "
        "[@люди @группа #канал]`\n"
        "срок: `90s`, `10m`, `1h30m`, `10м`, `1ч30м` (от 10 с до 24 ч, по умолчанию {window}); "
        "получатели по умолчанию — {audience}.\n"
        "Ещё: `/smm-task список`, `статус &lt;номер&gt;`, `отмена &lt;номер&gt;`, "
        "`статистика [7d|30d|90d]`, `помощь`; ваш профиль ВКонтакте: "
        "`привязать &lt;профиль&gt;`, `привязать`, `отвязать` "
        "(менеджеры: `отвязать @человек` — чужой)."
    ),
    "task.audience.default": "каналы маркетинга, продаж и SMM",
    "task.error.no_url": "Сначала укажите ссылку на пост.",
    "task.error.bad_url": (
        "`{url}` — не ссылка на пост: нужен обычный адрес https:// без пробелов, угловых "
        "скобок и |."
    ),
    "task.error.long_url": (
        "В ссылке {length:p(символ|символа|символов)}, а Slack показывает ссылки "
        "не длиннее {max:n} символов."
    ),
    "task.error.window_range": "Срок должен быть от {min} до {max}.",
    "task.error.unknown_subcommand": "Я не знаю команды `{word}`.",
    "task.error.unknown_word": "Не понимаю, что здесь значит `{word}`.",
    "task.error.bad_id": "`{word}` — не номер задачи.",
    "task.error.bad_period": "`{word}` — не период: используйте 7d, 30d или 90d.",
    "task.error.not_manager": "Создавать и отменять задачи могут только SMM-менеджеры.",
    "task.error.nobody": "Сейчас никто из этой аудитории не может взять задачу.",
    "task.error.hidden_channel": (
        "Я не вижу <#{channel}>: это закрытый канал, и меня в нём нет. Пригласите меня "
        "туда командой `/invite @SMM Pulse` и попробуйте ещё раз."
    ),
    "task.error.no_such_task": "Задачи №{id} нет.",
    "task.error.not_open": "Задача №{id} уже закрыта.",
    "error.not_saved": "Не удалось сохранить ваш ответ, попробуйте ещё раз.",
    "error.not_saved.request": "Не удалось сохранить ваш запрос, попробуйте ещё раз.",
    "error.not_read": "Сейчас не получается прочитать данные, попробуйте ещё раз.",
    "error.failed": "Что-то пошло не так. Попробуйте ещё раз.",
    "task.error.failed": "При создании задачи что-то пошло не так. Попробуйте ещё раз.",
    "task.creating": "Создаю задачу…",
    "task.created": (
        "Задача №{id} запущена: {count:p(участник|участника|участников)}, пропущено: {skipped}, "
        "срок — до {deadline}."
    ),
    "task.resumed": (
        "Задача №{id} ({url}) всё-таки запущена: пока я её готовил, меня перезапустили. "
        "{count:p(участник|участника|участников)}, пропущено: {skipped}, срок — до {deadline}."
    ),
    "task.expired": (
        "Ваша задача по посту {url} не запустилась: пока я её готовил, меня перезапустили, а "
        "срок ({deadline}) уже прошёл. Никому ничего не отправлено; если пост всё ещё нужно "
        "поддержать, отправьте `/smm-task` ещё раз."
    ),
    "task.refused": "Ваша задача по посту {url} не запустилась: {problem}",
    "task.progress_elsewhere": (
        "Меня нет в этом канале, так что ход задачи я показываю в <#{channel}>. Чтобы в "
        "следующий раз он был здесь, пригласите меня командой `/invite @SMM Pulse`."
    ),
    "task.chart_elsewhere": (
        "Меня нет в этом канале, так что график я отправил в <#{channel}>. Чтобы в "
        "следующий раз он пришёл сюда, пригласите меня командой `/invite @SMM Pulse`."
    ),
    "task.cancelled": "Задача №{id} отменена.",
    "network.facebook": "Facebook",
    "network.vk": "ВКонтакте",
    "network.instagram": "Instagram",
    "network.telegram": "Telegram",
    "network.linkedin": "LinkedIn",
    "network.x": "X",
    "network.youtube": "YouTube",
    "network.tiktok": "TikTok",
    "network.ok": "Одноклассники",
    "network.dzen": "Дзен",
    "network.web": "Сайт",
    "action.like": "лайк",
    "action.share": "репост",
    "action.comment": "комментарий",
    "task.do.like": "лайкните этот пост",
    "task.do.share": "сделайте репост этого поста",
    "task.do.comment": "прокомментируйте этот пост",
    "task.dm": "*Быстрая задача, {network}:* {do} до *{deadline}*.\n{url}",
    "task.dm.reminder": "Напоминание: {do} до *{deadline}*.\n{url}",
    "task.button.done": "Готово",
    "task.button.cant": "Не могу",
    "task.dm.done": ":white_check_mark: Готово за {duration}. Спасибо!",
    "task.dm.seen": (
        ":white_check_mark: Лайк во ВКонтакте засчитан: поставлен за {duration}. Спасибо!"
    ),
    "task.dm.seen_at_deadline": (
        ":white_check_mark: Проверили к сроку: ваш лайк во ВКонтакте на месте. Спасибо!"
    ),
    "task.dm.late": (
        ":white_check_mark: Готово за {duration}, после срока (засчитано как опоздание)."
    ),
    "task.dm.cant": "Понятно, в этот раз не получится. Спасибо, что сказали.",
    "task.dm.cancelled": ":no_entry_sign: Эта задача отменена.",
    "task.answer.not_yours": "Это задача другого человека.",
    "task.answer.already": "Вы уже ответили.",
    "task.answer.closed": "Эта задача закрыта.",
    "task.answer.unknown": "Этой задачи больше нет.",
    "duration.s": "{s} с",
    "duration.ms": "{m} мин {s} с",
    "duration.hm": "{h} ч {m} мин",
    "task.title": "Быстрая задача №{id} · {network} · {action}",
    "task.counts": "готово {done} · не могут {cant} · ждём {waiting}",
    "task.counts.seen": "подтверждено во ВКонтакте {count}",
    "task.left": "осталось {left}",
    "task.report": "Отчёт",
    "task.report.done": "Успели: {count} из {assigned} ({share}%), медиана {median}",
    "task.report.done_none": "Успели: 0 из {assigned}",
    "task.report.seen": "Подтверждено во ВКонтакте: {count} из {done}",
    "task.report.said": "Отметили «Готово», но во ВКонтакте лайка нет: {names}",
    "task.report.unliked": "Убрали лайк: {names}",
    "task.report.late": "Опоздали: {names}",
    "task.report.cant": "Не смогли: {names}",
    "task.report.no_answer": "Не ответили: {names}",
    "task.report.skipped": "Пропущены: {names}",
    "task.report.cancelled": "Отменил(а) <@{user}>.",
    "task.open": "Открыть пост ({network})",
    "task.post": "пост",
    "post.new.vk": "*Новый пост во ВКонтакте*",
    "post.new.telegram": "*Новый пост в Telegram*",
    "post.new.feed": "*Новая запись в ленте*",
    "post.button.start": "Запустить быстрые лайки",
    "post.button.dismiss": "Пропустить",
    "post.started": ":zap: Быстрые лайки идут: задача №{id}.",
    "post.started.by": ":zap: <@{user}> запустил(а) быстрые лайки: задача №{id}.",
    "post.dismissed": ":heavy_minus_sign: Этот пост пропускаем — так решил(а) <@{user}>.",
    "post.error.not_manager": "Запускать быстрые лайки для поста могут только SMM-менеджеры.",
    "post.error.unknown": "Этого поста я больше не знаю.",
    "post.error.has_task": "Быстрые лайки для этого поста уже идут: задача №{id}.",
    "post.error.dismissed": "<@{user}> уже решил(а) пропустить этот пост.",
    "network.feed": "RSS-ленты",
    "presence.title": "Присутствие в соцсетях",
    "presence.silent": (
        "{network}: последний пост был {days:p(день|дня|дней)} назад — "
        "заброшенная страница хуже, чем никакой"
    ),
    "presence.none": (
        "{network}: ни одного поста за 90 дней — заброшенная страница хуже, чем никакой"
    ),
    "presence.cadence": "Как часто мы публикуем",
    "presence.cadence_line": (
        "{network}: {week:p(пост|поста|постов)} за неделю, {month} за последние 30 дней"
    ),
    "presence.cadence_none": "{network}: за последние 30 дней публикаций не было",
    "presence.stats": "Посты по соцсетям",
    "presence.stats_line": "{network}: {count:p(пост|поста|постов)}",
    "reason.bot": "бот",
    "reason.deleted": "аккаунт деактивирован",
    "reason.out_of_office": "не в офисе",
    "reason.outside_hours": "нерабочее время",
    "reason.unknown": "нет в этом рабочем пространстве",
    "task.list.empty": "Открытых задач нет.",
    "task.list.title": "Открытые задачи",
    "task.stats.title": "Быстрые задачи за {days:p(день|дня|дней)}",
    "task.stats.total": (
        "Задач: {tasks} · вовремя {rate}% ({done} из {assigned}) · медиана {median}"
    ),
    "task.stats.none": "За этот период задач не было.",
    "task.stats.top": "Лучшая пятёрка",
    "task.stats.bottom": "Отстающая пятёрка",
    "task.stats.departments": "По отделам",
    "task.stats.networks": "По соцсетям",
    "task.stats.line": "{name}: вовремя {rate}% ({done} из {assigned}), медиана {median}",
    "task.stats.seen": "ВКонтакте: подтверждено лайков — {seen}, «Готово» без лайка — {said}",
    "task.stats.unlinked": "Не привязали профиль ВКонтакте (их лайки не проверить): {names}",
    "vk.error.off": "ВКонтакте не подключён к боту, так что привязать профиль нельзя.",
    "vk.error.bad_profile": (
        "`{text}` — не профиль ВКонтакте: укажите ссылку (https://vk.com/id123 или "
        "https://vk.com/name) или короткое имя."
    ),
    "vk.error.no_such_profile": "Во ВКонтакте нет пользователя `{text}`: проверьте ссылку.",
    "vk.error.taken": (
        "Этот профиль ВКонтакте уже привязал(а) <@{user}>. Если профиль ваш, попросите "
        "SMM-менеджера отвязать его (`/smm-task отвязать @человек`) и привяжите снова."
    ),
    "vk.error.not_manager": (
        "Отвязать чужой профиль ВКонтакте могут только SMM-менеджеры; "
        "`/smm-task отвязать` отвязывает ваш собственный."
    ),
    "vk.error.unavailable": "ВКонтакте сейчас не ответил. Попробуйте через минуту.",
    "vk.link.none": (
        "Профиль ВКонтакте не привязан. Привяжите свой, и ваши лайки будут засчитываться сами: "
        "`/smm-task привязать https://vk.com/id…` или ваше короткое имя."
    ),
    "vk.link.shown": (
        "Ваш профиль ВКонтакте: {profile}. Сменить: `/smm-task привязать &lt;профиль&gt;`, "
        "отвязать: `/smm-task отвязать`."
    ),
    "vk.linked": (
        ":link: Привязан профиль {profile}. Теперь ваши лайки на постах компании во ВКонтакте "
        "засчитываются сами."
    ),
    "vk.unlinked": "Профиль ВКонтакте отвязан, бот ничего о нём не хранит.",
    "vk.unlink.none": "Профиль ВКонтакте и не был привязан.",
    "vk.unlinked.for": (
        "Профиль ВКонтакте {profile} отвязан от аккаунта <@{user}>, личное сообщение об этом "
        "отправлено."
    ),
    "vk.unlinked.for_untold": (
        "Профиль ВКонтакте {profile} отвязан от аккаунта <@{user}>, но личное сообщение об этом "
        "не ушло: сообщите сами."
    ),
    "vk.unlink.none_for": "<@{user}>: профиль ВКонтакте не привязан.",
    "vk.unlinked.dm": (
        "<@{user}> (SMM-менеджер) отвязал(а) ваш профиль ВКонтакте {profile}: лайки там больше "
        "не засчитываются сами. Привяжите свой: `/smm-task привязать https://vk.com/id…`."
    ),
    "vk.home.title": "Ваш профиль ВКонтакте",
    "vk.home.linked": (
        "Привязан: {profile}. Ваши лайки на постах компании во ВКонтакте засчитываются сами."
    ),
    "vk.home.none": "Не привязан: привяжите, и лайки во ВКонтакте будут засчитываться без кнопок.",
    "vk.home.link": "Привязать профиль",
    "vk.home.change": "Сменить",
    "vk.modal.title": "Профиль ВКонтакте",
    "vk.modal.label": "Ваш профиль ВКонтакте",
    "vk.modal.hint": "Ссылка или короткое имя. Оставьте пустым, чтобы отвязать.",
    "vk.modal.placeholder": "например, https://vk.com/id123",
    "vk.modal.submit": "Сохранить",
    "task.mine.title": "Ваши открытые задачи",
    "task.mine.none": "В открытых задачах вас нет.",
    "task.mine.not_asked": (
        "Задача №{id} вам не назначалась. Ответы всех видят только SMM-менеджеры."
    ),
    "task.mine.waiting": ":hourglass: Ждём вашего ответа до {deadline}.",
    "task.mine.no_answer": "Вы не ответили вовремя (если нажать сейчас, это будет опоздание).",
    "task.mine.skipped": "Вас пропустили: {reason}.",
    "task.mine.you": "Вы",
    "feedback.kind.question": "Вопрос",
    "feedback.kind.complaint": "Жалоба",
    "feedback.kind.praise": "Похвала",
    "feedback.kind.competitor": "Разведчик конкурента",
    "feedback.kind.review": "Отзыв",
    "feedback.kind.idea": "Идея",
    "feedback.usage": (
        "*Как пользоваться:* `/smm-feedback &lt;вид&gt; &lt;текст&gt; [ссылка]`; `@маркетинг` "
        "или `@продажи` — отправить одному отделу (по умолчанию обоим), `!` или `срочно` — "
        "пометить как срочное.\n"
        "Виды: вопрос (question), жалоба (complaint), похвала (praise), конкурент "
        "(competitor), отзыв (review), идея (idea).\n"
        "Ещё: `/smm-feedback` без текста открывает форму; `список [вид] [7d|30d]`, "
        "`статистика [7d|30d]`, `спросить &lt;вопрос&gt;`, `помощь`."
    ),
    "feedback.error.unknown_kind": "`{word}` — не вид обратной связи.",
    "feedback.error.empty_text": "Напишите после вида, что сказали покупатели.",
    "feedback.error.bad_link": (
        "`{link}` — не ссылка: нужен обычный адрес https:// без пробелов, угловых скобок и |."
    ),
    "feedback.error.long_link": (
        "В ссылке {length:p(символ|символа|символов)}, а Slack показывает ссылки "
        "не длиннее {max:n} символов."
    ),
    "feedback.error.empty_question": "Напишите вопрос после `спросить`.",
    "feedback.error.bad_period": "`{word}` — не период: используйте 7d или 30d.",
    "feedback.error.unknown_word": "Не понимаю, что здесь значит `{word}`.",
    "feedback.error.not_manager": "Задавать вопросы отделам могут только SMM-менеджеры.",
    "feedback.error.failed": "При отправке что-то пошло не так. Попробуйте ещё раз.",
    "feedback.sending": "Отправляю…",
    "feedback.created": "Обратная связь №{id} отправлена: {departments}.",
    "feedback.partly": (
        "Обратная связь №{id} отправлена: {sent}. Ещё не доставлена: {pending} — Slack не "
        "отвечает, я продолжаю попытки."
    ),
    "feedback.pending": (
        "Обратная связь №{id} сохранена, но Slack не отвечает. Отправлю, как только он "
        "заработает: {pending}."
    ),
    "feedback.urgent": ":rotating_light: *срочно*",
    "feedback.header": "{emoji} *{kind}* · передал(а) <@{author}>",
    "feedback.button.take": "Взять в работу",
    "feedback.button.done": "Готово",
    "feedback.taken": "Взял(а) в работу <@{user}>, {time}",
    "feedback.done": ":white_check_mark: Готово: <@{user}>, {time}",
    "feedback.form.title": "Обратная связь",
    "feedback.form.kind": "Вид",
    "feedback.form.text": "Что сказали покупатели?",
    "feedback.form.link": "Ссылка",
    "feedback.form.departments": "Кому",
    "feedback.form.urgent": "Срочно",
    "feedback.form.submit": "Отправить",
    "feedback.list.title": "Обратная связь за {days:p(день|дня|дней)}",
    "feedback.list.empty": "За этот период обратной связи не было.",
    "feedback.list.line": "№{id} {emoji} {text} · {state}",
    "feedback.state.open": "никто не взял",
    "feedback.state.taken": "взял(а) <@{user}>",
    "feedback.state.done": "готово",
    "feedback.stats.title": "Обратная связь за {days:p(день|дня|дней)}",
    "feedback.stats.total": "всего {total} · срочных {urgent} · взято {taken} · готово {done}",
    "feedback.stats.line": "{name}: {count}",
    "question.header": ":speech_balloon: *Вопрос для согласования — спрашивает <@{asker}>:*",
    "question.how": "Голосуйте кнопками (голос можно изменить) и обсуждайте в ветке.",
    "question.tally": "Да: {yes} · Нет: {no} · Обсудим: {discuss} · комментариев: {comments}",
    "question.button.yes": "Да",
    "question.button.no": "Нет",
    "question.button.discuss": "Обсудим",
    "question.button.close": "Закрыть",
    "question.closed": "Закрыл(а) <@{user}>, {time}",
    "question.asked": "Вопрос №{id} отправлен маркетингу и продажам.",
    "question.partly": (
        "Вопрос №{id} отправлен: {sent}. Ещё не доставлен: {pending} — Slack не отвечает, "
        "я продолжаю попытки."
    ),
    "question.pending": (
        "Вопрос №{id} сохранён, но Slack не отвечает. Отправлю, как только он заработает: "
        "{pending}."
    ),
    "question.not_asker": "Закрыть вопрос может только тот, кто его задал.",
    "question.is_closed": "Этот вопрос закрыт.",
    "rollup.header": "Голос клиента · итоги недели · {date}",
    "rollup.counts": "Эта неделя в сравнении с прошлой",
    "rollup.count": "{emoji} {kind}: {count} (на прошлой неделе: {before})",
    "rollup.none": "На этой неделе обратной связи не было.",
    "rollup.untaken": "Ещё никто не взял в работу: {count}",
    "briefing.feedback": "Обратная связь с {date}",
    "briefing.feedback_line": "{emoji} {kind}: {count}",
    "briefing.untaken": "Ещё никто не взял в работу: {count:p(сообщение|сообщения|сообщений)}.",
    "briefing.more": "…и ещё {count:n}, на более поздние даты.",
    "briefing.questions": "Открытые вопросы для согласования",
    "briefing.question_line": "{text} — <@{asker}> · {tally}",
    "job.feedback-rollup.posted": "Голос клиента отправлен в отдел «{department}» ({channel}).",
    "job.feedback-rollup.exists": (
        "Голос клиента для отдела «{department}» ({channel}) уже отправлен."
    ),
    "doctor.settings": "ok   настройки: все значения в порядке",
    "doctor.token": "ok   токен: бот — @{bot} в {team}",
    "doctor.token_bad": (
        "FAIL токен: Slack отвечает «{error}». Как исправить: скопируйте Bot User OAuth Token "
        "(xoxb-…) со страницы OAuth & Permissions в SLACK_BOT_TOKEN"
    ),
    "doctor.unreachable": (
        "FAIL токен: нет связи со Slack по адресу {url} ({error}). Как исправить: проверьте, "
        "что Slack доступен с этой машины: сеть, DNS, прокси, файрвол"
    ),
    "doctor.app_token": "ok   токен приложения: Slack открывает по нему соединения Socket Mode",
    "doctor.app_token_bad": (
        "FAIL токен приложения: Slack отвечает «{error}». Как исправить: на странице Basic "
        "Information приложения создайте токен уровня приложения (xapp-…) с разрешением "
        "connections:write и вставьте его в SLACK_APP_TOKEN"
    ),
    "doctor.app_token_failed": (
        "FAIL токен приложения: Slack не ответил ({error}). Как исправить: запустите "
        "`smm-bot doctor` ещё раз через минуту"
    ),
    "doctor.channel": "ok   {setting}: бот в канале #{name}",
    "doctor.channel_joined": "ok   {setting}: бот вошёл в канал #{name}",
    "doctor.managers": "ok   SMM_MANAGERS: менеджеры — {names}",
    "doctor.managers_none": (
        "FAIL SMM_MANAGERS: запускать быстрые задачи, закрывать угрозы и менять вопросы некому. "
        "Как исправить: укажите в SMM_MANAGERS ID SMM-менеджера в Slack (профиль → ⋮ → "
        "Скопировать ID участника), несколько — через запятую"
    ),
    "doctor.managers_wrong": (
        "FAIL SMM_MANAGERS: таких людей в этом рабочем пространстве нет: {wrong}. Как исправить: "
        "скопируйте ID каждого менеджера из его профиля в Slack (⋮ → Скопировать ID участника)"
    ),
    "doctor.channel_join_failed": (
        "FAIL {setting}: не удалось войти в #{name} («{error}»). Как исправить: наберите "
        "`/invite @SMM Pulse` в #{name}"
    ),
    "doctor.channel_missing": (
        "FAIL {setting}: бот не видит канала {channel}: либо ID неверный, либо канал закрытый "
        "и бота в него не пригласили. Как исправить: проверьте ID в {setting} (сведения о "
        "канале, внизу); в закрытом канале наберите `/invite @SMM Pulse`"
    ),
    "doctor.channel_failed": (
        "FAIL {setting}: Slack ответил «{error}» про {channel}. Как исправить: запустите "
        "`smm-bot doctor` ещё раз через минуту"
    ),
    "doctor.missing_scope": (
        "FAIL {setting}: у приложения нет разрешения `{scope}`. Как исправить: добавьте `{scope}` "
        "в oauth_config.scopes.bot в манифесте приложения (наш печатает `smm-bot manifest`) и "
        "переустановите приложение в рабочее пространство"
    ),
    "doctor.database": "ok   база данных: последняя версия схемы ({revision})",
    "doctor.database_behind": (
        "ok   база данных: версия схемы {revision}; `smm-bot run` обновит её до последней "
        "({head}) при запуске (или `smm-bot migrate` сейчас)"
    ),
    "doctor.database_newer": (
        "FAIL база данных: версия схемы {revision} незнакома этой версии бота (базу обновила "
        "более новая). Как исправить: запустите ту, более новую версию или восстановите "
        "резервную копию, сделанную до неё"
    ),
    "doctor.database_unusable": (
        "FAIL база данных: {problem}. Как исправить: поправьте DATABASE_URL или запустите базу "
        "и дайте боту к ней доступ на чтение и запись"
    ),
    "doctor.vk": "ok   ВКонтакте: токен читает стену сообщества «{name}» ({group})",
    "doctor.vk_no_group": (
        "FAIL VK_GROUP_ID: во ВКонтакте нет сообщества {group} ({error}). Как исправить: "
        "укажите в VK_GROUP_ID id сообщества — число из ссылок на его стену, vk.com/wall-<id>_…"
    ),
    "doctor.vk_refused": (
        "FAIL VK_TOKEN: ВКонтакте не принимает токен ({error}). Как исправить: вставьте в "
        "VK_TOKEN токен, которому можно читать стену и лайки сообщества, например "
        "пользовательский токен администратора сообщества (токену сообщества нельзя; см. "
        ".env.example)"
    ),
    "doctor.vk_long_poll": (
        "FAIL VK_LONGPOLL: ВКонтакте не даёт подключиться к Long Poll сообщества ({error}). Как "
        "исправить: включите Bots Long Poll в сообществе (Управление → Работа с API → Long Poll "
        "API) и вставьте в VK_TOKEN пользовательский токен администратора сообщества (сервисному "
        "ключу приложения Long Poll недоступен) — или задайте VK_LONGPOLL=false и подключите "
        "Callback API"
    ),
    "doctor.vk_unreachable": (
        "FAIL VK_API_URL: нет связи с ВКонтакте по адресу {url} ({error}). Как исправить: "
        "проверьте, что ВКонтакте доступен с этой машины (сеть, DNS, прокси, файрвол) и что "
        "VK_API_URL верный"
    ),
    "doctor.telegram": "ok   Telegram: бот @{bot} — администратор канала {channel} («{title}»)",
    "doctor.telegram_token": (
        "FAIL TELEGRAM_BOT_TOKEN: Telegram не принимает токен ({error}). Как исправить: "
        "скопируйте в TELEGRAM_BOT_TOKEN токен, который дал боту @BotFather"
    ),
    "doctor.telegram_channel": (
        "FAIL TELEGRAM_CHANNEL: Telegram не показывает боту канал {channel} ({error}). Как "
        "исправить: проверьте TELEGRAM_CHANNEL (@имя открытого канала или id закрытого) и "
        "добавьте @{bot} в канал администратором"
    ),
    "doctor.telegram_not_admin": (
        "FAIL TELEGRAM_CHANNEL: бот @{bot} не администратор канала {channel} (его статус — "
        "«{status}»), поэтому Telegram не присылает ему постов канала. Как исправить: в "
        "настройках канала: Администраторы → Добавить администратора → @{bot}"
    ),
    "doctor.telegram_failed": (
        "FAIL Telegram: Bot API ответил на {method} «{error}». Как исправить: запустите "
        "`smm-bot doctor` ещё раз через минуту"
    ),
    "doctor.telegram_unreachable": (
        "FAIL TELEGRAM_API_URL: нет связи с Telegram по адресу {url} ({error}). Как исправить: "
        "проверьте, что Telegram доступен с этой машины (сеть, DNS, прокси, файрвол) и что "
        "TELEGRAM_API_URL верный"
    ),
    "doctor.feeds": "ok   FEEDS: все ленты отвечают и читаются как RSS или Atom: {titles}",
    "doctor.feeds_broken": (
        "FAIL FEEDS: {broken}. Как исправить: поправьте в FEEDS каждый такой адрес (нужен адрес "
        "самой ленты, а не сайта) или уберите его"
    ),
    "doctor.feed_http": "{url} отвечает HTTP {status}",
    "doctor.feed_unreachable": "{url} недоступен ({error})",
    "doctor.feed_not_feed": "{url} — не лента RSS или Atom",
    "doctor.feed_too_large": "{url} слишком велик для ленты",
    "database.refused": "не удаётся подключиться к {where} (соединение отклонено)",
    "database.unknown_host": "не удаётся подключиться к {where} (DNS не знает такого хоста)",
    "database.timeout": "не удаётся подключиться к {where} (нет ответа за {seconds} с)",
    "database.failed": "не удаётся работать с {where}: {error}",
    "database.no_folder": "не удаётся создать {path}: такой папки нет",
    "database.not_a_folder": "не удаётся создать {path}: {folder} — это файл, а не папка",
    "database.folder_read_only": "не удаётся создать {path}: в папку нельзя записывать",
    "database.read_only": "не удаётся записать в {path}: файл только для чтения",
    "database.journal_read_only": (
        "не удаётся записать в {path}: в его папку нельзя записывать (SQLite держит там журнал)"
    ),
    "database.missing": "базы данных SQLite по пути {path} нет",
    "database.not_migrated": (
        "схема базы данных на версии {revision}, а не на последней: сначала выполните "
        "`smm-bot migrate`"
    ),
    "home.my_tasks": "Ваши быстрые задачи",
    "home.no_tasks": "Задач для вас нет.",
    "home.checkin": "Вопросы дня",
    "home.checkin.answered": ":white_check_mark: {department}: вы ответили",
    "home.checkin.waiting": ":hourglass: {department}: ждём вашего ответа в ветке",
    "home.checkin.none": "{department}: сегодня не спрашивали",
    "home.none": "Нет.",
    "list.more": "…и ещё {count}",
    "list.and_more": "{items} и ещё {count}",
    "message.continued": (
        ":thread: Продолжение — в ветке (ещё {count:p(сообщение|сообщения|сообщений)})."
    ),
    "message.part": "Продолжение, часть {part} из {parts}",
    "message.below": (
        ":arrow_down: Продолжение ниже (ещё {count:p(сообщение|сообщения|сообщений)})."
    ),
    "message.left_out": "Остальное не поместилось (ещё {count:p(часть|части|частей)}).",
    "briefing.nothing_past": "В тот день никто не ответил.",
    "briefing.silent_past": "{department}: никто не ответил",
    "brief.usage": (
        "*Как пользоваться:* `/smm-brief [день]` показывает брифинг за этот день, собранный из "
        "сохранённого; видите его только вы. Без дня — сегодняшний.\n"
        "День: `сегодня`, `вчера`, `позавчера`, дата вида `2026-11-24` или день недели — "
        "`понедельник` (`пн`) … `воскресенье` (`вс`), можно и `в среду`, `в пятницу`, "
        "`во вторник`: последний "
        "такой день, считая сегодняшний (в среду `понедельник` — позавчера, а `среда` — "
        "сегодня; за неделю до того укажите дату).\n"
        "По-английски тоже: `today`, `yesterday`, `monday` … `sunday`. Ещё: `помощь`."
    ),
    "brief.error.unknown": "Не понимаю, какой это день: `{text}`.",
    "brief.error.no_such_date": "Такой даты нет: `{text}`.",
    "brief.error.future": (
        "`{text}` ещё не наступил: брифинги можно смотреть за сегодня и прошедшие дни."
    ),
    "brief.day_off": "Брифинга нет: {date} — нерабочий день.",
    "brief.no_checkin": "Брифинга нет: в этот день ({date}) вопросы дня не задавались.",
    "brief.not_yet": "Брифинга пока нет: сегодняшние вопросы дня ({date}) ещё не отправлены.",
    "home.last_task": "Последняя задача",
    "questions.home": "Вопросы дня по отделам",
    "questions.edit": "{department}: вопросы",
    "questions.title": "{department}: вопросы",
    "questions.intro": (
        "До {count} вопросов; бот будет задавать их в этом порядке начиная со следующего раза. "
        "Чтобы убрать вопрос, очистите его поля; чтобы переставить — выберите ему новое место "
        "(остальные сдвинутся). Сегодняшние вопросы дня останутся прежними."
    ),
    "questions.row": "*Вопрос {number}*",
    "questions.text_en": "Вопрос (по-английски)",
    "questions.text_ru": "Вопрос (по-русски)",
    "questions.kind": "Что означают ответы",
    "questions.title_en": "Заголовок в брифинге (по-английски, необязательно)",
    "questions.title_ru": "Заголовок в брифинге (по-русски, необязательно)",
    "questions.submit": "Сохранить",
    "questions.position": "Место в списке",
    "questions.kind.news": "Новости за ночь",
    "questions.kind.focus": "Акцент в продажах на сегодня",
    "questions.kind.promotion": "Акция (с датой)",
    "questions.kind.product": "Модификация продукта (с датой)",
    "questions.kind.threat": "Угроза репутации",
    "questions.kind.date": "Событие с датой под своим заголовком",
    "questions.kind.text": "Текст под своим заголовком",
    "questions.error.required": "Заполните и это поле или очистите весь вопрос.",
    "questions.error.title": "Укажите заголовок на обоих языках или не указывайте вовсе.",
    "questions.error.empty": "Оставьте хотя бы один вопрос.",
    "questions.error.long": "Слишком длинно: сократите, пожалуйста.",
    "questions.error.not_manager": "Менять вопросы дня могут только SMM-менеджеры.",
    "questions.home.department": "{department} · {count:p(вопрос|вопроса|вопросов)}",
    "questions.home.line": "*{number}.* {text} — _{kind}_",
    "questions.home.titled": "*{number}.* {text} — _{kind}_: «{title}»",
    "questions.saved.announced": (
        ":white_check_mark: Вопросы отдела «{department}» сохранены и объявлены в <#{channel}>: "
        "бот будет задавать их начиная со следующего раза."
    ),
    "questions.saved.unchanged": (
        "Вопросы отдела «{department}» остались прежними: ничего не изменилось, в <#{channel}> "
        "ничего не объявлено."
    ),
    "questions.saved.not_announced": (
        ":warning: Вопросы отдела «{department}» сохранены, бот будет задавать их начиная со "
        "следующего раза, но объявить об этом в <#{channel}> не удалось: пожалуйста, сообщите "
        "команде сами."
    ),
    "questions.changed": (
        "{user} изменил(а) вопросы дня отдела «{department}». Начиная со следующего раза бот "
        "будет спрашивать:\n{questions}"
    ),
    "job.not_workday": (
        "Нерабочий день ({date}): ничего не отправлено; чтобы отправить всё равно, добавьте "
        "--force."
    ),
    "job.checkin.posted": "Вопросы дня отправлены в отдел «{department}» ({channel}).",
    "job.checkin.exists": (
        "Вопросы дня для отдела «{department}» ({channel}) в этот день уже отправлены."
    ),
    "job.digest.posted": "Брифинг ({date}) отправлен в {channel}.",
    "job.digest.updated": "Брифинг ({date}) обновлён в {channel}.",
    "job.digest.pending": "Брифинг ({date}) сейчас отправляет другой запуск.",
    "job.reminders.posted": "Напоминание отправлено в отдел «{department}» ({channel}).",
    "job.reminders.exists": (
        "Напоминание для отдела «{department}» ({channel}) в этот день уже отправлено."
    ),
    "job.reminders.nothing_to_do": "Напоминание для отдела «{department}» ({channel}) не нужно.",
    "job.failed": (
        "Задаче {job} не удалось связаться со Slack (подробности в журнале); её можно "
        "спокойно запустить ещё раз: ничего не отправится дважды."
    ),
    "job.checkin.failed": (
        "Вопросы дня для отдела «{department}» ({channel}) отправить не удалось (подробности в "
        "журнале); повторный запуск задачи попробует снова."
    ),
    "job.reminders.failed": (
        "Напоминание для отдела «{department}» ({channel}) отправить не удалось (подробности в "
        "журнале); повторный запуск задачи попробует снова."
    ),
    "job.feedback-rollup.failed": (
        "Голос клиента для отдела «{department}» ({channel}) отправить не удалось (подробности "
        "в журнале); повторный запуск задачи попробует снова."
    ),
    "missed.checkin": (
        ":warning: Вопросы дня ({date}) не удалось отправить до времени напоминания, так что "
        "их никто не получил. Причина — в журнале бота."
    ),
    "missed.reminders": (
        ":warning: Напоминания ({date}) не удалось отправить до конца рабочего дня. "
        "Причина — в журнале бота."
    ),
    "missed.digest": (
        ":warning: Брифинг ({date}) не удалось отправить до конца рабочего дня. "
        "Причина — в журнале бота."
    ),
    "missed.feedback-rollup": (
        ":warning: Итоги недели «Голос клиента» ({date}) не удалось отправить в тот же день. "
        "Причина — в журнале бота."
    ),
    "demo.title": "SMM Pulse: один рабочий день",
    "demo.dm": "личные сообщения: {name}",
    "demo.thread": "ветка",
    "demo.updated": "обновлено",
    "demo.edited": "изменено",
    "demo.only_you": "видит только {name}",
    "demo.clicked": "нажимает [{button}]",
    "demo.person.maria": "Мария (SMM)",
    "demo.person.anna": "Анна",
    "demo.person.oleg": "Олег",
    "demo.person.vera": "Вера",
    "demo.person.boris": "Борис",
    "demo.person.gleb": "Глеб",
    "demo.step.checkin": "Бот задаёт маркетингу и продажам пять постоянных вопросов",
    "demo.step.checkin_own": (
        "Бот задаёт маркетингу и продажам вопросы, которые отделы выбрали сами"
    ),
    "demo.step.link": (
        "Анна и Борис привязывают профили ВКонтакте, чтобы их лайки засчитывались сами (Борис "
        "указывает короткое имя); Олег — нет"
    ),
    "demo.step.answers": "Отделы отвечают в ветках; Глеб — без номеров",
    "demo.step.retry": "Slack доставляет ответ Бориса второй раз (повтор, X-Slack-Retry-Num: 1)",
    "demo.retried": "Доставлено повторно: сохранено один раз, повторного оповещения нет",
    "demo.step.edit": "Анна исправляет ответ: распродажа переносится",
    "demo.step.edit_date": "Анна исправляет ответ: вебинар переносится",
    "demo.step.reminders": (
        "Напоминание в ветке маркетинга Олегу, который не ответил (Вера в отпуске, "
        "а в продажах ответили все)"
    ),
    "demo.step.digest": "Утренний брифинг для SMM-менеджера: во ВКонтакте не было постов с {date}",
    "demo.step.vk_post": (
        "Новый пост на странице компании во ВКонтакте: бот сам запускает быстрые лайки до "
        "{deadline}"
    ),
    "demo.step.likes": (
        "Анна и Борис лайкают пост во ВКонтакте: бот видит их лайки, и задача у них отмечается "
        "сама, без кнопок; Олег только нажимает «Готово». На полпути — напоминание остальным, "
        "к сроку — отчёт"
    ),
    "demo.step.stats": (
        "Мария смотрит быстрые задачи за неделю: рейтинг, чьи лайки видны во ВКонтакте, а кто "
        "только отметился, и график"
    ),
    "demo.step.feedback": "Мария передаёт срочную жалобу покупателя маркетингу и продажам",
    "demo.step.rollup": "Конец недели: «Голос клиента» для обоих отделов",
    "demo.answer.marketing.news": "Наш ролик за ночь набрал 12 000 просмотров",
    "demo.answer.marketing.focus": "Продвигаем зимние сапоги: реклама стартует в полдень",
    "demo.answer.marketing.promotion": "Зимняя распродажа сапог, скидка 20%, через 3 дня",
    "demo.answer.marketing.promotion_moved": "Зимняя распродажа сапог, скидка 20%, через 5 дней",
    "demo.answer.marketing.product": "Новые цвета сапог через две недели",
    "demo.answer.marketing.threat": "Блогер с 50 000 подписчиков называет нашу доставку обманом",
    "demo.answer.marketing.date": "Вебинар {date}",
    "demo.answer.marketing.text": "Конкуренты на этой неделе снизили цены на сапоги на 10%",
    "demo.answer.sales.news": "Вчера вечером распродали все шарфы",
    "demo.answer.sales.focus": "Фокус дня — зимние сапоги, продаём в комплекте с шарфом",
    "demo.answer.sales.promotion": "Новогодняя распродажа с 20 по 31 декабря",
    "demo.answer.sales.product": "Сапоги на меху в продаже с 15 декабря",
    "demo.answer.sales.threat": (
        "Покупатель Иван П. грозит разгромным отзывом из-за задержки доставки"
    ),
    "demo.answer.sales.date": "Встреча с оптовиками {date}",
    "demo.answer.sales.text": "Договор с «Обувь-Опт» подпишем до конца недели",
    "demo.answer.gleb": "Утро в магазине загруженное, допишу позже",
    "demo.feedback": (
        "жалоба! Сапоги пришли на две недели позже, а в магазине не берут трубку "
        "https://vk.com/wall-1_2024?reply=77"
    ),
    "demo.file": "📎 {title} (PNG, {size:n} КБ)",
    "demo.company": "Наша компания",
    "demo.vk.old_post": "Новая коллекция сапог уже в магазине",
    "demo.vk.post": "Зимние сапоги снова в продаже: скидка 20% до воскресенья",
    "demo.vk.publishes": "публикует пост: {text}",
    "demo.vk.likes": ":heart: ставит посту лайк",
    "demo.vk.first_dm": (
        "Первое личное сообщение ушло через {seconds:n} с после публикации поста; команду никто "
        "не набирал"
    ),
    "demo.done": (
        "День окончен: {messages:p(сообщение|сообщения|сообщений)} за {seconds:n} с. "
        "Запись дня: {path}"
    ),
    # the done-in-time chart
    "chart.title": "Быстрые задачи, сделанные вовремя, {first} – {last}",
    "chart.day": "День постановки задачи",
    "chart.rate": "Сделано вовремя",
    "chart.comment": (
        "Быстрые задачи за {days:p(день|дня|дней)}: доля сделанных вовремя по дням и отделам."
    ),
    "department.other": "Без отдела",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ru": RU}
