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
 * Try:   build/labrun -t 60 -- build/solutions/08-shell/mysh      (type: sleep 30 &, jobs, ps)
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

/* ---- The shell ---------------------------------------------------------- */

static volatile sig_atomic_t last_status = 0;   /* of the last foreground command */
static bool interactive = false;                /* stdin is a terminal: prompt, job control */
static pid_t shell_pgid = 0;

/* The signals an interactive shell ignores, and its children must not. */
static const int JOB_CONTROL_SIGNALS[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
#define N_JOB_CONTROL_SIGNALS (sizeof JOB_CONTROL_SIGNALS / sizeof JOB_CONTROL_SIGNALS[0])

/* reap_children — the SIGCHLD handler. One SIGCHLD may stand for several
 * children (standard signals do not queue), so reap in a loop until waitpid
 * says 0 (the rest still run) or -1 (none left). WUNTRACED and WCONTINUED:
 * a job stopped by Ctrl+Z, or continued, changes state too. Only
 * async-signal-safe calls here: waitpid, write (report_job); errno restored. */
static void reap_children(int signal_number)
{
    (void)signal_number;
    int saved_errno = errno;
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WCONTINUED)) > 0) {
        struct job *job = find_job_by_pid(pid);
        if (job == NULL)
            continue;   /* not one of ours: reaped all the same */
        bool foreground = job->state == JOB_FOREGROUND;
        if (WIFEXITED(status)) {
            if (foreground)
                last_status = WEXITSTATUS(status);
            else
                report_job(job, "exited with status", WEXITSTATUS(status));
            delete_job(job);
        } else if (WIFSIGNALED(status)) {
            if (foreground)
                last_status = 128 + WTERMSIG(status);
            report_job(job, "killed by signal", WTERMSIG(status));
            delete_job(job);
        } else if (WIFSTOPPED(status)) {
            if (foreground)
                last_status = 128 + WSTOPSIG(status);
            job->state = JOB_STOPPED;
            report_job(job, "stopped by signal", WSTOPSIG(status));
        } else if (WIFCONTINUED(status) && job->state == JOB_STOPPED) {
            job->state = JOB_BACKGROUND;    /* a SIGCONT from elsewhere */
        }
    }
    errno = saved_errno;
}

/* signal_job — send SIGNAL to the job's process group (job control) or, without
 * job control, to its process only: its group is the shell's own. */
static void signal_job(const struct job *job, int signal_number)
{
    pid_t target = job->pgid > 0 ? -job->pgid : job->pid;
    if (kill(target, signal_number) == -1 && errno != ESRCH)
        fprintf(stderr, "mysh: kill %d: %s\n", (int)target, strerror(errno));
}

/* give_terminal_to — make PGID the terminal's foreground process group. */
static void give_terminal_to(pid_t pgid)
{
    if (interactive && tcsetpgrp(STDIN_FILENO, pgid) == -1)
        fprintf(stderr, "mysh: tcsetpgrp: %s\n", strerror(errno));
}

/* wait_for_foreground — sleep until JOB is no longer the foreground job (it
 * ended or stopped: the handler changes the table). Called, and returns, with
 * SIGCHLD blocked; UNBLOCKED is the mask to sleep with. Not waitpid: the
 * handler is the one place that reaps. */
static void wait_for_foreground(pid_t pid, const sigset_t *unblocked)
{
    struct job *job;
    while ((job = find_job_by_pid(pid)) != NULL && job->state == JOB_FOREGROUND)
        sigsuspend(unblocked);
}

/* continue_job — the fg and bg built-ins: SIGCONT to job %N, in the
 * foreground (wait for it) or in the background. */
static void continue_job(struct command *command, bool foreground)
{
    const char *name = command->argv[0];
    const char *word = command->argc == 2 ? command->argv[1] : "";
    if (*word == '%')
        word++;
    char *end;
    errno = 0;
    long number = strtol(word, &end, 10);
    if (command->argc != 2 || errno != 0 || end == word || *end != '\0') {
        fprintf(stderr, "mysh: usage: %s %%N\n", name);
        last_status = 2;
        return;
    }
    sigset_t chld, previous;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &previous);
    struct job *job = number > 0 && number <= MAX_JOBS ? find_job_by_number((int)number) : NULL;
    if (job == NULL) {
        fprintf(stderr, "mysh: %s: %%%ld: no such job\n", name, number);
        last_status = 1;
    } else if (foreground) {
        job->state = JOB_FOREGROUND;
        if (job->pgid > 0)
            give_terminal_to(job->pgid);
        signal_job(job, SIGCONT);
        wait_for_foreground(job->pid, &previous);
        give_terminal_to(shell_pgid);
    } else {
        job->state = JOB_BACKGROUND;
        signal_job(job, SIGCONT);
        printf("[%d] %d Running %s\n", job->number, (int)job->pid, job->line);
        last_status = 0;
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);
}

/* exit_shell — end every job still there (SIGHUP, then SIGCONT so a stopped
 * one can die of it), wait until the handler has reaped them all, and exit. */
_Noreturn static void exit_shell(int status)
{
    sigset_t chld, previous;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &previous);
    for (int k = 0; k < MAX_JOBS; k++)
        if (jobs[k].state != JOB_FREE) {
            jobs[k].state = JOB_BACKGROUND;     /* its end gets reported */
            signal_job(&jobs[k], SIGHUP);
            signal_job(&jobs[k], SIGCONT);
        }
    while (count_jobs() > 0)
        sigsuspend(&previous);
    exit(status);
}

/* run_builtin — run COMMAND if it is a built-in; false if it is not one.
 * Built-ins run in the shell itself (cd must: a child's cwd dies with it). */
static bool run_builtin(struct command *command)
{
    const char *name = command->argv[0];
    if (strcmp(name, "exit") == 0) {
        int status = last_status;
        if (command->argc > 1) {
            char *end;
            errno = 0;
            long value = strtol(command->argv[1], &end, 10);
            if (command->argc > 2 || errno != 0 || end == command->argv[1] || *end != '\0' ||
                value < 0 || value > 255) {
                fprintf(stderr, "mysh: usage: exit [STATUS]   (STATUS 0..255)\n");
                last_status = 2;
                return true;
            }
            status = (int)value;
        }
        exit_shell(status);
    }
    if (strcmp(name, "cd") == 0) {
        const char *dir = command->argc > 1 ? command->argv[1] : getenv("HOME");
        if (dir == NULL) {
            fprintf(stderr, "mysh: cd: HOME is not set\n");
            last_status = 1;
        } else if (chdir(dir) == -1) {
            fprintf(stderr, "mysh: cd: %s: %s\n", dir, strerror(errno));
            last_status = 1;
        } else {
            last_status = 0;
        }
        return true;
    }
    if (strcmp(name, "jobs") == 0) {
        sigset_t chld, previous;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        sigprocmask(SIG_BLOCK, &chld, &previous);
        list_jobs();
        sigprocmask(SIG_SETMASK, &previous, NULL);
        last_status = 0;
        return true;
    }
    if (strcmp(name, "fg") == 0 || strcmp(name, "bg") == 0) {
        continue_job(command, name[0] == 'f');
        return true;
    }
    return false;
}

/* redirect — in the child: < FILE on fd 0, > FILE or >> FILE on fd 1. A
 * failure ends the child (status 1), never the shell. */
static void redirect(const struct command *command)
{
    if (command->input != NULL) {
        int fd = open(command->input, O_RDONLY);
        if (fd == -1 || dup2(fd, STDIN_FILENO) == -1) {
            fprintf(stderr, "mysh: %s: %s\n", command->input, strerror(errno));
            _exit(1);
        }
        close(fd);
    }
    if (command->output != NULL) {
        int flags = O_WRONLY | O_CREAT | (command->append ? O_APPEND : O_TRUNC);
        int fd = open(command->output, flags, 0666);
        if (fd == -1 || dup2(fd, STDOUT_FILENO) == -1) {
            fprintf(stderr, "mysh: %s: %s\n", command->output, strerror(errno));
            _exit(1);
        }
        close(fd);
    }
}

/* set_up_child — in the child, between fork and exec: its own process group
 * and, in the foreground, the terminal (both also done by the parent: whoever
 * runs first wins, and neither may wait for the other); the signal
 * dispositions the shell changed back to SIG_DFL (SIG_IGN survives exec); the
 * shell's signal mask back; the redirections. */
static void set_up_child(const struct command *command, const sigset_t *mask)
{
    if (interactive) {
        if (setpgid(0, 0) == -1)
            fprintf(stderr, "mysh: setpgid: %s\n", strerror(errno));
        /* Still ignoring SIGTTOU here: a background group may take the terminal. */
        if (!command->background)
            give_terminal_to(getpid());
        for (size_t k = 0; k < N_JOB_CONTROL_SIGNALS; k++)
            signal(JOB_CONTROL_SIGNALS[k], SIG_DFL);
    }
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    redirect(command);
}

/* run_command — fork; the child sets itself up and execs; the parent records
 * the job and, unless &, waits for it. SIGCHLD stays blocked from before the
 * fork until the job is in the table: a child that ends at once must not be
 * reaped by the handler before add_job has recorded it. */
static void run_command(struct command *command, const char *line)
{
    sigset_t chld, previous;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, &previous) == -1) {
        perror("mysh: sigprocmask");
        return;
    }
    if (count_jobs() == MAX_JOBS) {
        fprintf(stderr, "mysh: too many jobs (at most %d)\n", MAX_JOBS);
        last_status = 1;
        sigprocmask(SIG_SETMASK, &previous, NULL);
        return;
    }
    pid_t pid = fork();
    if (pid == -1) {
        perror("mysh: fork");
        last_status = 1;
        sigprocmask(SIG_SETMASK, &previous, NULL);
        return;
    }
    if (pid == 0) {
        /* Child */
        set_up_child(command, &previous);
        execvp(command->argv[0], command->argv);
        int exec_errno = errno;
        if (exec_errno == ENOENT)
            fprintf(stderr, "%s: command not found\n", command->argv[0]);
        else
            fprintf(stderr, "%s: %s\n", command->argv[0], strerror(exec_errno));
        _exit(exec_errno == ENOENT ? 127 : 126);   /* never back into the shell's loop */
    }
    /* Parent */
    pid_t pgid = 0;
    if (interactive) {
        pgid = pid;
        /* EACCES: the child has exec'd (it did setpgid itself first). */
        if (setpgid(pid, pid) == -1 && errno != EACCES && errno != ESRCH)
            fprintf(stderr, "mysh: setpgid: %s\n", strerror(errno));
    }
    struct job *job = add_job(pid, pgid, command->background ? JOB_BACKGROUND : JOB_FOREGROUND, line);
    if (command->background) {
        report_job(job, NULL, -1);
        last_status = 0;
    } else {
        if (interactive)
            give_terminal_to(pgid);
        wait_for_foreground(pid, &previous);
        give_terminal_to(shell_pgid);
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);
}

int main(int argc, char *argv[])
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s   (no arguments: it reads commands from standard input)\n", argv[0]);
        return 2;
    }
    /* Unbuffered: the prompt shows at once, and fork copies no unwritten text. */
    setvbuf(stdout, NULL, _IONBF, 0);

    /* 1. Reap in a SIGCHLD handler; SA_RESTART: a read of the next line is
     *    resumed after it, not failed with EINTR. No SA_NOCLDSTOP: a stopped
     *    job must be noticed. */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = reap_children;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGCHLD, &action, NULL) == -1) {
        perror("mysh: sigaction");
        return 1;
    }

    /* 2. On a terminal: job control. The shell leads a process group of its
     *    own, owns the terminal between jobs, and ignores the keyboard's
     *    signals (and SIGTTOU: it hands the terminal over from behind). */
    interactive = isatty(STDIN_FILENO);
    if (interactive) {
        for (size_t k = 0; k < N_JOB_CONTROL_SIGNALS; k++)
            if (signal(JOB_CONTROL_SIGNALS[k], SIG_IGN) == SIG_ERR) {
                perror("mysh: signal");
                return 1;
            }
        if (getpgrp() != getpid() && setpgid(0, 0) == -1)
            perror("mysh: setpgid");
        shell_pgid = getpgrp();
        give_terminal_to(shell_pgid);
    }

    /* 3. The loop: read, parse, run; until end of input. */
    char *line = NULL;
    size_t capacity = 0;
    for (;;) {
        if (interactive)
            fputs(PROMPT, stdout);
        errno = 0;
        if (getline(&line, &capacity, stdin) == -1) {
            if (errno == EINTR) {
                clearerr(stdin);
                continue;
            }
            if (errno != 0)
                perror("mysh: read");
            break;  /* end of input: Ctrl+D on a terminal */
        }
        struct command command;
        char error[128];
        switch (parse_line(line, &command, error, sizeof error)) {
        case PARSE_EMPTY:
            continue;
        case PARSE_ERROR:
            fprintf(stderr, "mysh: %s\n", error);
            last_status = 2;
            continue;
        case PARSE_COMMAND:
            break;
        }
        if (!run_builtin(&command))
            run_command(&command, line);
    }
    free(line);
    exit_shell(last_status);
}
