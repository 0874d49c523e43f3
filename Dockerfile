# Dockerfile — proclab on Debian, for students on macOS or Windows (and for CI).
#
#   docker build -t proclab .
#   docker run --rm -it --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
#     --security-opt apparmor=unconfined -v "$PWD/labs:/proclab/labs" proclab make grade LAB=01
#
# The install step is scripts/deps, the same list as on any Debian or Ubuntu
# machine. Why the run flags: the grader and lab 06 put lab programs in PID
# namespaces of their own (labrun -N: unshare(CLONE_NEWPID) and a private /proc),
# which Docker's default seccomp and AppArmor profiles and its default
# capabilities forbid. --privileged also works. Without them, see README.md
# ("Containers"): what still runs and what does not. Without Docker,
# scripts/rootfs-check builds this image from these lines and runs make test.
FROM debian:bookworm

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends make ca-certificates sudo \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /proclab
# The dependency list first, alone: the installed packages stay cached in their
# layer while the labs change.
COPY scripts/deps scripts/lib.sh scripts/
COPY harness/core.sh harness/
RUN apt-get update && scripts/deps && rm -rf /var/lib/apt/lists/*

COPY . .
RUN make harness
CMD ["bash"]
