/* Hostile: make the compiler show a file the student should not read.
 * The grader compiles as the unprivileged grading uid, so the #include fails
 * with "Permission denied" instead of printing the file into the results. */
#include "/etc/shadow"

int main(void) { return 0; }
