"""action_id / callback_id constants shared by Block Kit builders and listeners."""

THREAT_RESOLVE = "threat_resolve"
THREAT_DISMISS = "threat_dismiss"
OPEN_FORM = "checkin_open_form"
FORM_VIEW = "checkin_form"
FORM_DATE = "date"  # the datepicker's action_id inside questions 3 and 4
FORM_TEXT = "text"
TASK_DONE = "task_done"
TASK_CANT = "task_cant"
FEEDBACK_TAKE = "feedback_take"
FEEDBACK_DONE = "feedback_done"
FEEDBACK_FORM = "feedback_form"
QUESTION_VOTE = "question_vote_"  # + yes | no | discuss
QUESTION_CLOSE = "question_close"
QUESTIONS_EDIT = "questions_edit_"  # + marketing | sales: App Home's buttons
QUESTIONS_VIEW = "questions_view"
QUESTIONS_VALUE = "value"  # every editor input's; its block_id says which row and field
VK_LINK = "vk_link"  # App Home's button: the VK profile modal
VK_LINK_VIEW = "vk_link_view"
VK_PROFILE = "vk_profile"  # the modal's input (block and action)
POST_START = "post_start"  # a new post's prompt: Start quick likes
POST_DISMISS = "post_dismiss"  # … and Not this one
