"""English and Russian texts under the same keys and placeholders (a test checks both)."""

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
    "question.1": "What happened overnight?",
    "question.2": "What is the sales focus today — what are we pushing?",
    "question.3": "When is the next consumer promotion?",
    "question.4": "When is the next product modification due?",
    "question.5": "Which customers threatened to damage the company's reputation?",
    "checkin.header": "Daily check-in · {date}",
    "checkin.intro": "Good morning, {department}! Five questions from the SMM team:",
    "checkin.how_to": (
        "Reply *in this thread*. Start a line with the question's number "
        "(`1.`, `2)`, `3:`, `4 -` or `#5`); one reply may answer several questions."
    ),
    "hint.numbering": (
        "Thanks, your reply is saved as a general note. Next time start a line with the "
        "question's number (for example `2. Winter sale`) so it lands under that question."
    ),
    "digest.header": "SMM digest · {date}",
    "digest.nothing": "No answers yet today.",
    "digest.no_answer": "_no answer yet_",
    "digest.notes": "General notes",
    "digest.entry": "{text} — <@{user}>, {department}",
    "job.not_workday": "{date} is not a workday: nothing posted (use --force to post anyway).",
    "job.checkin.posted": "Check-in posted to {department} ({channel}).",
    "job.checkin.exists": "Check-in for {department} ({channel}) was already posted that day.",
    "job.digest.posted": "Digest for {date} posted to {channel}.",
    "job.digest.updated": "Digest for {date} updated in {channel}.",
    "job.digest.pending": "Digest for {date} is being posted by another run.",
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
    "question.1": "Что случилось за ночь?",
    "question.2": "На продажах чего делаем акцент сегодня?",
    "question.3": "Когда следующая акция для покупателей?",
    "question.4": "Когда ждать следующей модификации продукта?",
    "question.5": "Кто из покупателей угрожал подмочить репутацию компании?",
    "checkin.header": "Ежедневная сверка · {date}",
    "checkin.intro": "Доброе утро, {department}! Пять вопросов от SMM-команды:",
    "checkin.how_to": (
        "Отвечайте *в этой ветке*. Начинайте строку с номера вопроса "
        "(`1.`, `2)`, `3:`, `4 -` или `#5`); в одном ответе можно ответить на несколько вопросов."
    ),
    "hint.numbering": (
        "Спасибо, ответ сохранён как общая заметка. В следующий раз начните строку с номера "
        "вопроса (например, `2. Зимняя распродажа`), чтобы ответ попал к этому вопросу."
    ),
    "digest.header": "SMM-сводка · {date}",
    "digest.nothing": "Сегодня ответов пока нет.",
    "digest.no_answer": "_ответа пока нет_",
    "digest.notes": "Общие заметки",
    "digest.entry": "{text} — <@{user}>, {department}",
    "job.not_workday": "{date} — нерабочий день: ничего не отправлено (--force, чтобы отправить).",
    "job.checkin.posted": "Сверка отправлена: {department} ({channel}).",
    "job.checkin.exists": "Сверка для {department} ({channel}) в этот день уже отправлена.",
    "job.digest.posted": "Сводка за {date} отправлена в {channel}.",
    "job.digest.updated": "Сводка за {date} обновлена в {channel}.",
    "job.digest.pending": "Сводку за {date} сейчас отправляет другой запуск.",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ru": RU}
