"""User functions that misbehave in the ways .local() must report clearly (tests/sim)."""
import os
import subprocess
import sys
import time


def print_the_delimiter():
    # A function that prints the result delimiter itself: what follows is no longer a payload.
    print("__GROUNDHOG_RESULT__")
    print("not a payload")
    return 1


def start_grandchild_and_hang(pid_file):
    # A child that outlives nothing: the walltime must kill it with the script.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(pid_file, "w") as out:
        out.write(f"{os.getpid()} {child.pid}\n")
    child.wait()


def report_task_dir_and_hang(path_file):
    # The script's task directory, then a hang: the walltime's SIGKILL skips the script's EXIT trap.
    with open(path_file, "w") as out:
        out.write(os.environ["HOG_TASK_DIR"])
    time.sleep(600)
