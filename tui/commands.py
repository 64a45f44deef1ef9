"""Every command of nnwb in one table, and the one rule that says whether it may run now.

The key bindings, the command palette, the help screen (``?``), the footer and the
training lock all read ``COMMANDS``: a new command is one row, and no two of those can
disagree about what a key does or when it is allowed. UI-free (see ARCHITECTURE.md):
the app turns the rows into bindings (``tui.app.workbench``) and asks ``refusal`` before it runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from engine import PRESETS
from tui.lessons.titles import COURSE, course_titles, short_name

# Where a command acts: the screen that must be in front when it runs.
WORKBENCH = "workbench"  # the matrices and layers; never while the training view is open
TRAINING = "training"  # the training view
ANYWHERE = "anywhere"  # help, palette, quit, theme, screenshot: touch no number
DIALOG = "dialog"  # (a state, not a command's screen) a help, preset or form dialog is in front


@dataclass(frozen=True)
class Command:
    name: str  # unique; also the id of its key bindings
    action: str  # the method ``action_<action>`` of the app (workbench, anywhere) or the training screen
    keys: tuple[str, ...]  # Textual key names; () for a command found only in the palette
    label: str  # the footer's word
    help: str  # the help screen's and the palette's explanation
    section: str  # the help screen's heading
    title: str = ""  # the palette's title; "" keeps it out of the palette
    args: tuple[object, ...] = ()
    screen: str = WORKBENCH
    panel: str = ""  # "" the key works on the whole screen; else the id of the panel that owns it
    while_running: bool = False  # may it run while a training worker runs?
    footer: int = 0  # the footer's priority: 0 never shown; when space is short the lowest go first
    footer_focus: tuple[str, ...] = ()  # shown in the footer only while one of these panels has focus
    when: str = ""  # a state it needs (see ``WHEN``), else it is hidden and refused
    textual: bool = False  # Textual binds the key itself (Tab, Ctrl+P, Ctrl+Q); listed for help and footer

    @property
    def binding_action(self) -> str:
        """The action every binding of a table command runs: the one gate, ``run_command``."""
        return f"app.run_command('{self.name}')"


# The states a command may need, and what the user is told when it does not hold.
WHEN = {
    "step": "only in step mode (s starts it)",
    "fix": "there is no shape error with a fix on offer",
    "fixable": "the network already fits the data",
    "lesson": "only with a lesson open (L lists the lessons)",
    "answer": "only with a lesson open that asks for a number not yet answered right",
}

EVERYWHERE = "Everywhere"
WORKBENCH_KEYS = "The workbench"
STEP = "Step mode"
LAYER = "The selected layer"
INPUTS = "In the inputs panel"
WEIGHTS = "In the weights panel"
TRAIN = "The training view (g opens it)"
FILES = "Files"
EXAMPLES = "The notes' examples (p, or Ctrl+P then the name)"
LESSONS = "Lessons (L, or Ctrl+P then the lesson)"


LESSON_PREFIX = "lesson_"
COURSE_FOLDER = COURSE


def _lesson_rows() -> tuple[Command, ...]:
    """A palette entry for each lesson of the built-in course, in the course's order: only the
    titles are read, not the lessons' checks (which name commands of this table)."""
    return tuple(
        Command(f"{LESSON_PREFIX}{short_name(path)}", "open_lesson", (), f"--lesson {short_name(path)}",
                f"lesson {number}: {title}", LESSONS, title=f"Lesson {number}: {title}", args=(path.stem,))
        for number, (path, title) in enumerate(course_titles(), start=1)
    )


COMMANDS: tuple[Command, ...] = (
    # The workbench.
    Command("train", "train", ("g",), "Train", "the training view: data, optimizer, epochs, live curves", WORKBENCH_KEYS,
       title="Train", footer=95),
    Command("undo", "undo", ("ctrl+z",), "Undo", "undo the last edit", WORKBENCH_KEYS, title="Undo", footer=90),
    Command("redo", "redo", ("ctrl+y", "ctrl+shift+z"), "Redo", "redo what undo took back", WORKBENCH_KEYS,
       title="Redo", footer=40),
    Command("fix", "fix", ("x",), "Fix", "apply the fix the shape error offers (transpose, resize)", WORKBENCH_KEYS,
       title="Apply the fix", footer=92, when="fix"),
    Command("presets", "presets", ("p",), "Presets", "pick one of the notes' examples", WORKBENCH_KEYS,
       title="Presets", footer=55),
    Command("previous_layer", "select_layer", ("left_square_bracket",), "Layer −", "select the previous layer", WORKBENCH_KEYS,
       title="Previous layer", args=(-1,)),
    Command("next_layer", "select_layer", ("right_square_bracket",), "Layer +", "select the next layer", WORKBENCH_KEYS,
       title="Next layer", args=(1,)),
    Command("export_numpy", "export_numpy", (), "Export", "save the network, batch and labels as a NumPy script in the "
       "book's style", WORKBENCH_KEYS, title="Export as NumPy"),
    # Step mode.
    Command("step", "toggle_step", ("s",), "Step",
       "step mode on/off: walk the forward pass stage by stage, then (with a loss) the backward pass", STEP,
       title="Step mode", footer=85),
    Command("step_next", "step_next", ("n",), "Next",
       "the next stage: forward layer by layer, then the loss, its gradient and each layer's gradients back to dW1",
       STEP, title="Next stage", footer=88, when="step"),
    Command("step_back", "step_back", ("b",), "Back", "back a stage, through the backward pass and the forward pass",
       STEP, title="Previous stage", footer=87, when="step"),
    Command("leave_step", "leave_step", ("escape",), "Leave", "leave step mode", STEP,
       title="Leave step mode", footer=70, when="step"),
    Command("descend", "descend", ("G",), "Descend",
       "one step of gradient descent by hand: w ← w − lr · dw on every weight and bias (needs a loss)",
       STEP, title="Gradient descent step"),
    Command("descent_rate", "descend", (), "Learning rate", "the learning rate of G's step (asked the first time)",
       STEP, title="Gradient descent rate", args=(True,)),
    # The selected layer: the keys work anywhere on the workbench; the footer shows them
    # where they are about (the network panel; the weights for the view and transpose).
    Command("add_layer", "add_layer", ("a",), "+layer", "add a layer after it", LAYER,
       title="Add layer", footer=50, footer_focus=("network",)),
    Command("remove_layer", "remove_layer", ("d",), "−layer", "delete it", LAYER,
       title="Remove layer", footer=49, footer_focus=("network",)),
    Command("cycle_activation", "cycle_activation", ("f",), "Activation",
       "change its activation: ReLU → sigmoid → softmax → none (linear)", LAYER,
       title="Change activation", footer=48, footer_focus=("network",)),
    Command("edit_sizes", "edit_sizes", ("e",), "Sizes", "set its inputs and neurons", LAYER,
       title="Layer sizes", footer=47, footer_focus=("network",)),
    Command("reinitialise", "reinitialise", ("i",), "Init", "re-initialise its weights: seed and scale (same seed, same weights)", LAYER,
       title="Re-initialise weights", footer=46, footer_focus=("network",)),
    Command("set_dropout", "set_dropout", ("D",), "Dropout",
       "set its dropout rate: outputs dropped while training only (0: none)", LAYER,
       title="Dropout rate", footer=43, footer_focus=("network",)),
    Command("set_regularizers", "set_regularizers", ("w",), "L1/L2",
       "set its L1 and L2 regularizers: weights, biases (0: off)", LAYER,
       title="Regularizers (L1, L2)", footer=42, footer_focus=("network",)),
    Command("toggle_view", "toggle_view", ("t",), "View",
       "weights view: (n_inputs, n_neurons) as Layer_Dense stores them, or one row per neuron", LAYER,
       title="Weights view", footer=45, footer_focus=("network", "weights")),
    Command("transpose", "transpose", ("T",), "Transpose", "transpose its weights", LAYER,
       title="Transpose weights", footer=44, footer_focus=("network", "weights")),
    # The inputs panel.
    Command("add_sample", "add_sample", ("r",), "+row", "add a sample (a row)", INPUTS,
       title="Add sample", panel="inputs", footer=35),
    Command("remove_sample", "remove_sample", ("R",), "−row", "remove the sample under the cursor", INPUTS,
       title="Remove sample", panel="inputs", footer=33),
    Command("add_feature", "add_feature", ("c",), "+col", "add a feature (a column)", INPUTS,
       title="Add feature", panel="inputs", footer=34),
    Command("remove_feature", "remove_feature", ("C",), "−col", "remove the feature under the cursor", INPUTS,
       title="Remove feature", panel="inputs", footer=32),
    Command("toggle_labels", "toggle_labels", ("l",), "Labels", "labels on/off: one class index per sample", INPUTS,
       title="Labels on/off", panel="inputs", footer=36),
    # The weights panel: rows and columns as shown (an input or a neuron, by the view).
    Command("weights_add_row", "resize_weights", ("r",), "+row", "add a row (stored view: an input; rows view: a neuron)", WEIGHTS,
       title="Weights: add a row", args=(0, 1), panel="weights", footer=35),
    Command("weights_remove_row", "resize_weights", ("R",), "−row", "remove a row", WEIGHTS,
       title="Weights: remove a row", args=(0, -1), panel="weights", footer=33),
    Command("weights_add_column", "resize_weights", ("c",), "+col", "add a column (stored view: a neuron; rows view: an input)", WEIGHTS,
       title="Weights: add a column", args=(1, 1), panel="weights", footer=34),
    Command("weights_remove_column", "resize_weights", ("C",), "−col", "remove a column", WEIGHTS,
       title="Weights: remove a column", args=(1, -1), panel="weights", footer=32),
    # The training view.
    Command("start_pause", "start_pause", ("space",), "Start/Pause", "start training, or pause it", TRAIN,
       title="Start or pause training", screen=TRAINING, while_running=True, footer=100),
    Command("one_epoch", "one_epoch", ("o",), "One epoch", "train one epoch (while paused)", TRAIN,
       title="One epoch", screen=TRAINING, footer=80),
    Command("reset", "reset", ("z",), "Reset", "back to the weights training started from", TRAIN,
       title="Reset training", screen=TRAINING, while_running=True, footer=70),
    Command("fit", "fit", ("f",), "Fit network",
       "fit the network to the data (first layer's inputs; last layer's outputs and activation)", TRAIN,
       title="Fit the network to the data", screen=TRAINING, footer=90, when="fixable"),
    Command("gradient_previous", "gradient_layer", ("left_square_bracket",), "Layer −", "gradients of the previous layer", TRAIN,
       title="Gradients: previous layer", args=(-1,), screen=TRAINING, while_running=True),
    Command("gradient_next", "gradient_layer", ("right_square_bracket",), "Layer +", "gradients of the next layer", TRAIN,
       title="Gradients: next layer", args=(1,), screen=TRAINING, while_running=True, footer=20),
    Command("back", "back", ("g", "escape"), "Back",
       "back to the workbench (training pauses first); in a setting, Escape returns to the keys", TRAIN,
       title="Back to the workbench", screen=TRAINING, while_running=True, footer=95),
) + (
    # Lessons: the list opens from anywhere on the workbench; the others need a lesson open.
    Command("lessons", "lessons", ("L",), "Lessons", "the course: every lesson with its tasks done; Enter opens one",
       LESSONS, title="Lessons"),
    Command("next_lesson", "next_lesson", ("greater_than_sign",), "Lesson →", "the next lesson of the course", LESSONS,
       title="Next lesson", footer=57, when="lesson"),
    Command("previous_lesson", "previous_lesson", ("less_than_sign",), "Lesson ←", "the previous lesson of the course",
       LESSONS, title="Previous lesson", footer=56, when="lesson"),
    Command("reset_lesson", "reset_lesson", ("ctrl+r",), "Reset lesson",
       "back to the lesson's starting network and data (asks first if you changed them; Ctrl+Z undoes it)",
       LESSONS, title="Reset the lesson", when="lesson"),
    Command("answer", "answer", ("equals_sign",), "Answer",
       "type your answer to the first task that asks for a number (again: it replaces the last one)", LESSONS,
       title="Answer a task", footer=58, when="answer"),
    Command("toggle_hints", "toggle_hints", ("h",), "Hints", "show or hide a hint under each task not done yet",
       LESSONS, title="Lesson hints", when="lesson"),
    Command("toggle_lesson_panel", "toggle_lesson_panel", ("v",), "Lesson panel",
       "hide or show the lesson panel (hidden, a task done still says so)", LESSONS,
       title="Show or hide the lesson panel", when="lesson"),
    Command("close_lesson", "close_lesson", (), "Close lesson",
       "close the lesson panel; the network stays as it is", LESSONS, title="Close the lesson", when="lesson"),
) + _lesson_rows() + (
    # Files: Save reads the numbers a running worker changes, so it waits for a pause; Open
    # replaces the network the training view trains, so it is a workbench command.
    Command("save", "save", ("ctrl+s",), "Save", "save to the session file; the first time, asks for a name", FILES,
       title="Save", screen=ANYWHERE),
    Command("save_as", "save_as", (), "Save as", "save to a new session file (.json), which becomes the document's file", FILES,
       title="Save as", screen=ANYWHERE),
    Command("open", "open", ("ctrl+o",), "Open", "open a session file (.json); Ctrl+Z puts back what was here", FILES,
       title="Open"),
    # Everywhere: nothing here changes a number, so all of it may run while training.
    Command("help", "help", ("question_mark",), "Help", "every key, and how to read the screen", EVERYWHERE,
       title="Keys", screen=ANYWHERE, while_running=True, footer=100),
    Command("palette", "command_palette", ("ctrl+p",), "Palette", "the command palette: search every command", EVERYWHERE,
       screen=ANYWHERE, while_running=True, footer=60, textual=True),
    Command("focus_next", "focus_next", ("tab",), "Next", "move to the next panel or setting", EVERYWHERE,
       screen=ANYWHERE, while_running=True, textual=True),
    Command("focus_previous", "focus_previous", ("shift+tab",), "Previous", "move to the previous panel or setting", EVERYWHERE,
       screen=ANYWHERE, while_running=True, textual=True),
    Command("quit", "quit", ("ctrl+q",), "Quit",
       "quit nnwb (training stops); asks first if work would be lost (a named file behind, or work the autosave cannot keep)",
       EVERYWHERE,
       title="Quit", screen=ANYWHERE, while_running=True, textual=True),
    Command("theme", "change_theme", (), "Theme", "choose the colours", EVERYWHERE,
       title="Theme", screen=ANYWHERE, while_running=True),
    Command("screenshot", "screenshot", (), "Screenshot", "save the screen as an SVG picture, and say where", EVERYWHERE,
       title="Screenshot", screen=ANYWHERE, while_running=True),
) + tuple(
    Command(f"preset_{name}", "load_preset", (), preset.title, preset.description, EXAMPLES,
       title=f"Preset: {preset.title}", args=(name,))
    for name, preset in PRESETS.items()
)

BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}
assert len(BY_NAME) == len(COMMANDS), "two commands share a name"
# Textual's own bindings, found by their action (Ctrl+P's binding has no id).
TEXTUAL_BY_ACTION: dict[str, Command] = {command.action: command for command in COMMANDS if command.textual}


def commands_of(screen: str, panel: str = "") -> list[Command]:
    """The commands whose keys the table binds on ``screen`` (or one of its panels)."""
    return [c for c in COMMANDS if c.keys and not c.textual and c.screen == screen and c.panel == panel]


@dataclass(frozen=True)
class State:
    """What decides whether a command may run: which screen is in front, and training."""

    front: str  # WORKBENCH, TRAINING or DIALOG
    training_open: bool  # the training view is open (in front or under a dialog)
    running: bool  # a training worker is running
    # Whether a ``WHEN`` state holds; asked only when the screen and the lock allow the
    # command (the document's trace must not be read while a worker trains it).
    holds: Callable[[str], bool]


def refusal(command: Command, state: State, named: bool = True) -> str:
    """Why ``command`` may not run now, in the user's words (after its name, if ``named``);
    "" if it may.

    The training lock: the workbench's commands change the network the training view
    trains in place, so none of them runs while that view is open (in front or not).
    """
    why = _why_not(command, state)
    if not why or not named:
        return why
    return f"{command.title or command.label}: {why}"


def _why_not(command: Command, state: State) -> str:
    if command.screen == WORKBENCH and state.training_open:
        return "not while the training view is open, which trains this network. g or Escape goes back to the workbench."
    if command.screen == WORKBENCH and state.front != WORKBENCH:
        return "close this dialog first (Escape)."
    if command.screen == TRAINING and state.front != TRAINING:
        return "only in the training view (g opens it)."
    if state.running and not command.while_running:
        return "not while training runs. Pause it first (space)."
    if command.when and not state.holds(command.when):
        return f"{WHEN[command.when]}."
    return ""


def offered(command: Command, state: State) -> bool:
    """Does the screen in front offer ``command`` now (its key bound, its footer key shown)?

    A command refused only because training runs is offered: its key still reaches
    ``run_command``, which says why not, and the footer shows it dimmed.
    """
    return not refusal(command, replace(state, running=False))


KEY_NAMES = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "equals_sign": "=",
    "right_square_bracket": "]",
    "escape": "Escape",
    "space": "Space",
    "tab": "Tab",
    "enter": "Enter",
}


def key_name(key: str) -> str:
    """A key as the help writes it: Ctrl+Z, Shift+Tab, ?, T."""
    *modifiers, last = key.split("+")
    last = KEY_NAMES.get(last, last if len(last) == 1 else last.capitalize())
    if modifiers and len(last) == 1:
        last = last.upper()
    return "+".join([m.capitalize() for m in modifiers] + [last])


def keys_text(command: Command) -> str:
    """The help's key column: the keys, or where the palette has it."""
    if command.keys:
        return " / ".join(key_name(k) for k in command.keys)
    if command.section == EXAMPLES or command.name.startswith(LESSON_PREFIX):
        return command.label
    return f"Ctrl+P {command.title}"
