#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests that submit a job array (CI runs it
# as root on a fresh machine; Debian's slurm-wlm and munge).
#
#   scripts/slurm-local.sh start    install if missing, start munged, slurmctld, slurmd (idempotent)
#   scripts/slurm-local.sh stop     cancel its jobs and stop the daemons it started
#   scripts/slurm-local.sh status   whether it answers
#
# Its configuration and state live in $CENSUS_SLURM_DIR (default /tmp/census-slurm), not in
# /etc/slurm: clients find it with SLURM_CONF=$CENSUS_SLURM_DIR/slurm.conf (the tests look there).
set -euo pipefail

DIR="${CENSUS_SLURM_DIR:-/tmp/census-slurm}"
CONF="$DIR/slurm.conf"
export SLURM_CONF="$CONF"

install_packages() {
  if command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 && command -v munged >/dev/null 2>&1; then
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  runuser -u munge -- /usr/sbin/munged
  echo "started munged" >&2
  touch "$DIR/started-munged"
  for _ in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "slurm-local: munged does not answer" >&2
  exit 1
}

write_conf() {
  local host cpus memory
  host="$(hostname -s)"
  cpus="$(nproc)"
  memory=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2))
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  cat >"$CONF" <<CONF
# Written by scripts/slurm-local.sh: one node, this machine, for tests.
ClusterName=census-local
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${CENSUS_SLURMCTLD_PORT:-16817}
SlurmdPort=${CENSUS_SLURMD_PORT:-16818}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=60
KillWait=5
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN
PartitionName=local Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
}

running() {
  local pidfile="$1"
  [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

wait_for_node() {
  for _ in $(seq 1 100); do
    if sinfo -h -o "%t" 2>/dev/null | grep -qE "^(idle|mix|alloc)"; then
      return 0
    fi
    sleep 0.2
  done
  echo "slurm-local: the node did not come up; see $DIR/log/" >&2
  sinfo >&2 || true
  return 1
}

case "${1:-}" in
  start)
    install_packages
    mkdir -p "$DIR"
    start_munge
    write_conf
    running "$DIR/slurmctld.pid" || { /usr/sbin/slurmctld -f "$CONF"; echo "started slurmctld" >&2; }
    running "$DIR/slurmd.pid" || { /usr/sbin/slurmd -f "$CONF"; echo "started slurmd" >&2; }
    wait_for_node
    # A node left down by an earlier run comes back.
    scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true
    echo "Slurm is up: export SLURM_CONF=$CONF" >&2
    ;;
  stop)
    if [ -f "$CONF" ]; then scancel --full --quiet --user="$(id -un)" 2>/dev/null || true; fi
    for daemon in slurmd slurmctld; do
      if running "$DIR/$daemon.pid"; then
        pid="$(cat "$DIR/$daemon.pid")"
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        echo "stopped $daemon" >&2
      fi
    done
    if [ -f "$DIR/started-munged" ] && [ -s /run/munge/munged.pid ]; then
      kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
      rm -f "$DIR/started-munged"
      echo "stopped munged" >&2
    fi
    ;;
  status)
    [ -f "$CONF" ] && sinfo
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
