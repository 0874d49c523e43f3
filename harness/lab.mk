# harness/lab.mk — build ONE lab directory out of tree. The one place for flags.
#
#   make -f harness/lab.mk SRC=labs/01-fork-wait OUT=build/labs/01-fork-wait
#   make -f harness/lab.mk SRC=... OUT=... UNIT=harness/unit/07-address-space unit
#
# The rule for a lab directory: every NAME.c becomes a program OUT/NAME, except a
# NAME.c that has a NAME.h beside it — that is a module, compiled once and linked
# into every program of the lab and into the lab's Check unit tests.

CC      ?= cc
CFLAGS  := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -g -O1
# _GNU_SOURCE: POSIX and Linux interfaces the labs teach (sigaction, prctl, ...).

ifndef SRC
$(error SRC is not set: make -f harness/lab.mk SRC=lab-dir OUT=build-dir)
endif
ifndef OUT
$(error OUT is not set: make -f harness/lab.mk SRC=lab-dir OUT=build-dir)
endif

HEADERS      := $(wildcard $(SRC)/*.h)
MODULE_SRCS  := $(filter $(HEADERS:.h=.c),$(wildcard $(SRC)/*.c))
PROGRAM_SRCS := $(filter-out $(MODULE_SRCS),$(wildcard $(SRC)/*.c))
MODULE_OBJS  := $(patsubst $(SRC)/%.c,$(OUT)/%.o,$(MODULE_SRCS))
PROGRAMS     := $(patsubst $(SRC)/%.c,$(OUT)/%,$(PROGRAM_SRCS))

.PHONY: all unit
all: $(PROGRAMS)

$(OUT):
	mkdir -p $@

# Compiled, then linked: a change to a module recompiles only the module, and
# relinks the programs (a buggy variant of a module is built in a fraction of
# the time). The objects stay beside the programs.
$(OUT)/%.o: $(SRC)/%.c $(HEADERS) | $(OUT)
	$(CC) $(CFLAGS) -I$(SRC) -c -o $@ $<

$(PROGRAMS): $(OUT)/%: $(OUT)/%.o $(MODULE_OBJS)
	$(CC) $(CFLAGS) -o $@ $< $(MODULE_OBJS)

# Check unit tests: every UNIT/test_*.c is linked with the lab's modules. The
# tests may share headers of their own (canned inputs, helpers) in UNIT/*.h:
# -I$(UNIT) finds them, and a change to one rebuilds the tests. harness/unit/run-unit
# calls this with make -k, so one test file that does not compile does not stop
# the others from being built.
ifdef UNIT
CHECK_CFLAGS := $(shell pkg-config --cflags check)
CHECK_LIBS   := $(shell pkg-config --libs check)
UNIT_HEADERS := $(wildcard $(UNIT)/*.h)
UNIT_TESTS   := $(patsubst $(UNIT)/%.c,$(OUT)/unit/%,$(wildcard $(UNIT)/test_*.c))
# UNIT/guard.c (run-unit copies harness/unit/guard.c there) is linked into
# every test with tcase_create wrapped: a CPU budget per test, and a Check
# process the tests cannot tamper with (see that file).
comma        := ,
UNIT_SUPPORT := $(wildcard $(UNIT)/guard.c)
UNIT_LDFLAGS := $(if $(UNIT_SUPPORT),-Wl$(comma)--wrap=tcase_create)

unit: $(UNIT_TESTS)

$(OUT)/unit/%: $(UNIT)/%.c $(MODULE_OBJS) $(HEADERS) $(UNIT_HEADERS) $(UNIT_SUPPORT)
	mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) -I$(SRC) -I$(UNIT) -o $@ $< $(UNIT_SUPPORT) $(MODULE_OBJS) $(CHECK_LIBS) $(UNIT_LDFLAGS)
endif
