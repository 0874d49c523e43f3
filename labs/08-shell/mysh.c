/* mysh.c — a mini shell: the lecture's loop (read a command, fork, set the
 * child up, exec, wait unless &, repeat), and what a real shell adds to it.
 *
 *   usage: mysh          (no arguments: it reads commands from standard input)
 *
 * Part A — the loop. Read a line (print the prompt "mysh> " only when standard
 * input is a terminal), split it into words (parse.c), run a built-in (exit
 * [STATUS], cd [DIR]) or fork, and in the child execvp the command. A failed
 * execvp prints "NAME: command not found" (or "NAME: <strerror>") and the
 * child leaves with _exit(127) (126 when the file exists but cannot run).
 * End of input (Ctrl+D) ends the shell with the status of the last command.
 *
 * Part B — background jobs and reaping. "CMD &" runs in the background: the
 * shell prints "[N] PID" and reads the next line at once. A SIGCHLD handler
 * reaps every ended child with a waitpid(-1, ..., WNOHANG) loop and reports a
 * background job's end at once. "< FILE", "> FILE", ">> FILE" are set up in
 * the child, between fork and exec. exit (or end of input) with jobs still
 * running sends each a SIGHUP, reaps it and reports it: nothing is left.
 *
 * Part C — job control, on a terminal only. Every job runs in its own process
 * group; the foreground job's group owns the terminal (tcsetpgrp), so Ctrl+C
 * and Ctrl+Z reach that job and nothing else. The shell ignores SIGINT,
 * SIGQUIT, SIGTSTP, SIGTTIN and SIGTTOU, and the child resets them to SIG_DFL
 * before exec (an ignored signal stays ignored across exec). Built-ins:
 * jobs, fg %N, bg %N.
 *
 * What it prints (the tests read these exact forms):
 *   [N] PID                          a background job has started (stdout)
 *   [N] PID exited with status S     a background job has ended
 *   [N] PID killed by signal S       a job (foreground or background) was killed
 *   [N] PID stopped by signal S      a job was stopped (Ctrl+Z)
 *   [N] PID Running|Stopped LINE     one line per job, from jobs (and bg)
 *   mysh: ...                        the shell's own errors (stderr)
 *
 * Try:   build/labrun -t 60 -- build/labs/08-shell/mysh      (type: sleep 30 &, jobs, ps)
 * Watch: ps -o pid,ppid,pgid,tpgid,stat,args -t "$(tty)"   — one group per job, the
 *        foreground one in TPGID; no <defunct> line once a background job has ended.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parse.h"

#define PROMPT "mysh> "
#define MAX_JOBS 128

/* ---- Provided: the job table and async-signal-safe output. DO NOT CHANGE. ---- */

enum job_state { JOB_FREE = 0, JOB_FOREGROUND, JOB_BACKGROUND, JOB_STOPPED };

struct job {
    enum job_state state;
    int number;                     /* [N]: the smallest number not in use */
    pid_t pid;                      /* the job's one process */
    pid_t pgid;                     /* its process group; 0 without job control */
    char line[MAX_LINE + 1];        /* the command line, for jobs */
};

/* The table is shared with the SIGCHLD handler: main changes it, or reads
 * it, only with SIGCHLD blocked. */
static struct job jobs[MAX_JOBS];

/* write_all — write(2) all of TEXT to fd 1; async-signal-safe. */
static void write_all(const char *text, size_t length)
{
    while (length > 0) {
        ssize_t n = write(STDOUT_FILENO, text, length);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        length -= (size_t)n;
    }
}

/* append_text, append_decimal — build a line without printf (not
 * async-signal-safe); each returns the new end of the text. */
static char *append_text(char *at, const char *text)
{
    while (*text != '\0')
        *at++ = *text++;
    return at;
}

static char *append_decimal(char *at, long value)
{
    char digits[24];
    int n = 0;
    if (value < 0) {
        *at++ = '-';
        value = -value;
    }
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0)
        *at++ = digits[--n];
    return at;
}

/* report_job — write "[N] PID WHAT VALUE\n" (VALUE < 0: no value) with one
 * write(2). Safe in a signal handler. */
static void report_job(const struct job *job, const char *what, int value)
{
    char line[128];
    char *at = append_text(line, "[");
    at = append_decimal(at, job->number);
    at = append_text(at, "] ");
    at = append_decimal(at, job->pid);
    if (what != NULL) {
        at = append_text(at, " ");
        at = append_text(at, what);
    }
    if (value >= 0) {
        at = append_text(at, " ");
        at = append_decimal(at, value);
    }
    at = append_text(at, "\n");
    write_all(line, (size_t)(at - line));
}

/* add_job — a new job in the table; NULL if the table is full. */
static struct job *add_job(pid_t pid, pid_t pgid, enum job_state state, const char *line)
{
    int number = 1;
    for (bool taken = true; taken; ) {   /* the smallest number not in use */
        taken = false;
        for (int k = 0; k < MAX_JOBS; k++)
            if (jobs[k].state != JOB_FREE && jobs[k].number == number) {
                taken = true;
                number++;
                break;
            }
    }
    for (int k = 0; k < MAX_JOBS; k++)
        if (jobs[k].state == JOB_FREE) {
            jobs[k].state = state;
            jobs[k].number = number;
            jobs[k].pid = pid;
            jobs[k].pgid = pgid;
            snprintf(jobs[k].line, sizeof jobs[k].line, "%.*s", (int)strcspn(line, "\n"), line);
            return &jobs[k];
        }
    return NULL;
}

static void delete_job(struct job *job) { job->state = JOB_FREE; }

static struct job *find_job_by_pid(pid_t pid)
{
    for (int k = 0; k < MAX_JOBS; k++)
        if (jobs[k].state != JOB_FREE && jobs[k].pid == pid)
            return &jobs[k];
    return NULL;
}

static struct job *find_job_by_number(int number)
{
    for (int k = 0; k < MAX_JOBS; k++)
        if (jobs[k].state != JOB_FREE && jobs[k].number == number)
            return &jobs[k];
    return NULL;
}

static int count_jobs(void)
{
    int n = 0;
    for (int k = 0; k < MAX_JOBS; k++)
        n += jobs[k].state != JOB_FREE;
    return n;
}

/* list_jobs — the jobs built-in: "[N] PID Running|Stopped LINE", by number. */
static void list_jobs(void)
{
    for (int number = 1; number <= MAX_JOBS; number++) {
        struct job *job = find_job_by_number(number);
        if (job != NULL)
            printf("[%d] %d %s %s\n", job->number, (int)job->pid,
                   job->state == JOB_STOPPED ? "Stopped" : "Running", job->line);
    }
}

/* ---- The shell: provided state ------------------------------------------ */

static volatile sig_atomic_t last_status = 0;   /* of the last foreground command */
static bool interactive = false;                /* stdin is a terminal: prompt, job control */
static pid_t shell_pgid = 0;

/* The signals an interactive shell ignores, and its children must not. */
static const int JOB_CONTROL_SIGNALS[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
#define N_JOB_CONTROL_SIGNALS (sizeof JOB_CONTROL_SIGNALS / sizeof JOB_CONTROL_SIGNALS[0])

/* signal_job — Provided: DO NOT CHANGE. Send SIGNAL to the job's process
 * group (job control) or, without job control, to its process only: its
 * group is the shell's own. */
static void signal_job(const struct job *job, int signal_number)
{
    pid_t target = job->pgid > 0 ? -job->pgid : job->pid;
    if (kill(target, signal_number) == -1 && errno != ESRCH)
        fprintf(stderr, "mysh: kill %d: %s\n", (int)target, strerror(errno));
}

/* give_terminal_to — Provided: DO NOT CHANGE. Make PGID the terminal's
 * foreground process group (on a terminal only). */
static void give_terminal_to(pid_t pgid)
{
    if (interactive && tcsetpgrp(STDIN_FILENO, pgid) == -1)
        fprintf(stderr, "mysh: tcsetpgrp: %s\n", strerror(errno));
}

/* ---- The shell: yours ------------------------------------------------------ */

/* reap_children — Part B: the SIGCHLD handler.
 * TODO(student): save errno; loop on waitpid(-1, &status, WNOHANG | WUNTRACED
 * | WCONTINUED) while it returns a pid (one SIGCHLD may stand for many ended
 * children: standard signals do not queue); for each, find_job_by_pid, and:
 *   exited:    foreground → last_status = WEXITSTATUS; background →
 *              report_job(job, "exited with status", S); delete_job;
 *   killed:    (foreground → last_status = 128 + N) report_job(job,
 *              "killed by signal", N); delete_job;
 *   stopped:   (Part C; foreground → last_status = 128 + N) state JOB_STOPPED,
 *              report_job(job, "stopped by signal", N);
 *   continued: a JOB_STOPPED job becomes JOB_BACKGROUND.
 * Only async-signal-safe calls (waitpid, report_job's write); restore errno. */
static void reap_children(int signal_number)
{
    (void)signal_number;
}

/* wait_for_foreground — sleep until the job with PID is no longer the
 * foreground job (the handler deletes it, or marks it stopped).
 * TODO(student): called with SIGCHLD blocked: while find_job_by_pid(pid) is
 * a JOB_FOREGROUND job, sigsuspend(unblocked). Do not call waitpid here: the
 * handler is the one place that reaps. */
static void wait_for_foreground(pid_t pid, const sigset_t *unblocked)
{
    (void)pid;
    (void)unblocked;
}

/* continue_job — Part C: the built-ins fg %N and bg %N.
 * TODO(student): argv[1] is %N or N; a bad or missing one → "mysh: usage: fg
 * %N" (status 2); block SIGCHLD; no job N → "mysh: fg: %N: no such job"
 * (status 1). fg: state JOB_FOREGROUND, give_terminal_to(job->pgid) if it has
 * one, signal_job(SIGCONT), wait_for_foreground, give_terminal_to(shell_pgid).
 * bg: state JOB_BACKGROUND, signal_job(SIGCONT), print "[N] PID Running LINE".
 * Restore the mask. */
static void continue_job(struct command *command, bool foreground)
{
    (void)command;
    (void)foreground;
}

/* exit_shell — Part B: leave nothing behind.
 * TODO(student): block SIGCHLD; for every job still in the table: state
 * JOB_BACKGROUND (so its end is reported), signal_job(SIGHUP) and
 * signal_job(SIGCONT) (a stopped job can only die once continued); then
 * sigsuspend until count_jobs() is 0; exit(status). */
_Noreturn static void exit_shell(int status)
{
    exit(status);
}

/* run_builtin — Part A (exit, cd) and Part C (jobs, fg, bg); false if COMMAND
 * is not a built-in. Built-ins run in the shell itself: cd in a child would
 * change only the child's directory.
 * TODO(student):
 *   exit [STATUS]  exit_shell(STATUS 0..255, default last_status); a bad
 *                  STATUS → "mysh: usage: exit [STATUS]", status 2, no exit;
 *   cd [DIR]       chdir(DIR, default $HOME); failure → "mysh: cd: DIR:
 *                  <strerror>", last_status 1; else 0;
 *   jobs           list_jobs() with SIGCHLD blocked;
 *   fg, bg         continue_job. */
static bool run_builtin(struct command *command)
{
    (void)command;
    return false;
}

/* redirect — Part B, in the child between fork and exec.
 * TODO(student): input → open O_RDONLY, dup2 onto 0; output → open
 * O_WRONLY|O_CREAT and O_APPEND (>>) or O_TRUNC (>), mode 0666, dup2 onto 1;
 * close the opened fd. A failure: "mysh: FILE: <strerror>" on stderr and
 * _exit(1) — the child's end, never the shell's. */
static void redirect(const struct command *command)
{
    (void)command;
}

/* set_up_child — in the child, between fork and exec.
 * TODO(student): on a terminal (interactive, Part C): setpgid(0, 0); in the
 * foreground give_terminal_to(getpid()) (SIGTTOU is still ignored here, so a
 * group not yet in the foreground may take the terminal); then every signal
 * of JOB_CONTROL_SIGNALS back to SIG_DFL — SIG_IGN survives exec (lab 03).
 * Always: SIGCHLD back to SIG_DFL, the signal mask back to MASK, redirect. */
static void set_up_child(const struct command *command, const sigset_t *mask)
{
    (void)command;
    (void)mask;
}

/* run_command — Part A: fork, the child execs, the parent waits unless &.
 * TODO(student):
 *   1. block SIGCHLD (keep the old mask) BEFORE fork, and keep it blocked
 *      until the job is in the table: a child may end before the parent
 *      runs again, and a handler that reaps it before add_job leaves a job
 *      that never ends;
 *   2. a full table (count_jobs() == MAX_JOBS) → "mysh: too many jobs";
 *   3. fork; -1 → perror("mysh: fork"), last_status 1;
 *   4. child: set_up_child; execvp(argv[0], argv); if it returns: ENOENT →
 *      "NAME: command not found", else "NAME: <strerror>"; _exit(127 for
 *      ENOENT, else 126) — never return into the shell's loop;
 *   5. parent: on a terminal setpgid(pid, pid) too (EACCES: the child has
 *      exec'd already, fine); add_job(pid, pgid or 0, state, line);
 *      background → report_job(job, NULL, -1) prints "[N] PID", last_status 0;
 *      foreground → give_terminal_to(pgid) (terminal), wait_for_foreground,
 *      give_terminal_to(shell_pgid);
 *   6. restore the old mask. */
static void run_command(struct command *command, const char *line)
{
    (void)command;
    (void)line;
}

/* main — Part A: the loop.
 * TODO(student):
 *   - any argument → "usage: mysh ..." on stderr, exit 2;
 *   - stdout unbuffered (setvbuf);
 *   - install reap_children for SIGCHLD with sigaction, SA_RESTART (a read
 *     of the next line resumes after the handler), no SA_NOCLDSTOP;
 *   - interactive = isatty(0); if so (Part C): SIG_IGN for every signal of
 *     JOB_CONTROL_SIGNALS; a process group of its own if it does not lead
 *     one (setpgid(0, 0)); shell_pgid = getpgrp(); give_terminal_to(it);
 *   - loop: the prompt PROMPT if interactive; getline(); end of input → leave
 *     the loop; parse_line: PARSE_EMPTY → next line; PARSE_ERROR → "mysh:
 *     <message>" on stderr, last_status 2; else run_builtin, or run_command;
 *   - after the loop: exit_shell(last_status). */
int main(int argc, char *argv[])
{
    (void)argc;
    (void)argv;
    /* So that the stub compiles: the helpers you will call. */
    (void)add_job;
    (void)delete_job;
    (void)find_job_by_pid;
    (void)find_job_by_number;
    (void)count_jobs;
    (void)list_jobs;
    (void)report_job;
    (void)signal_job;
    (void)give_terminal_to;
    (void)reap_children;
    (void)wait_for_foreground;
    (void)continue_job;
    (void)exit_shell;
    (void)run_builtin;
    (void)redirect;
    (void)set_up_child;
    (void)run_command;
    (void)last_status;
    (void)interactive;
    (void)shell_pgid;
    (void)JOB_CONTROL_SIGNALS;
    (void)parse_line;

    fprintf(stderr, "mysh: not implemented yet (see TODO(student) in mysh.c)\n");
    return 1;
}
