#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (slurmctld + slurmd on localhost), for the sharding
# tests (test/shard/slurm.test.ts) and for trying `oncotwin slurm` without a cluster.
# Idempotent: installs Debian's slurmctld, slurmd, slurm-client and munge only when missing, writes
# the configuration, starts whatever is not running, and waits until `sinfo` shows the node idle.
# Needs root (package install, daemons running as root: SlurmUser=root) and, for the install, the
# Debian mirror. No systemd is assumed: the daemons are started directly.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "slurm-local.sh: run as root (it installs packages and starts slurmctld, slurmd and munged)" >&2
  exit 1
fi

NODE=$(hostname -s)
CONF_DIR=/etc/slurm
STATE_DIR=/var/spool/slurmctld
SPOOL_DIR=/var/spool/slurmd
LOG_DIR=/var/log/slurm

missing=()
for bin in slurmctld slurmd sbatch munged; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "slurm-local.sh: installing Slurm and munge (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

# slurmctld and slurmd find each other by the node's name; a fresh container may not resolve it.
getent hosts "$NODE" >/dev/null || echo "127.0.0.1 $NODE" >>/etc/hosts

mkdir -p "$CONF_DIR" "$STATE_DIR" "$SPOOL_DIR" "$LOG_DIR" /etc/munge /var/lib/munge /var/log/munge /run/munge
if [[ ! -s /etc/munge/munge.key ]]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
# munged refuses a key or directories that others can read or write.
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
chmod 0400 /etc/munge/munge.key

# The controller and the only compute node are this machine; 2 CPUs so two array tasks can run at
# once on a 2-core machine. linuxproc/none plugins: no cgroup hierarchy is needed (containers).
cat >"$CONF_DIR/slurm.conf.new" <<EOF
ClusterName=oncotwin-local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=300
KillWait=5
NodeName=$NODE CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
cat >"$CONF_DIR/cgroup.conf.new" <<EOF
CgroupPlugin=cgroup/v1
EOF
changed=0
for f in slurm.conf cgroup.conf; do
  if ! cmp -s "$CONF_DIR/$f.new" "$CONF_DIR/$f"; then mv "$CONF_DIR/$f.new" "$CONF_DIR/$f"; changed=1; else rm "$CONF_DIR/$f.new"; fi
done

running() { pgrep -x "$1" >/dev/null 2>&1; }

if ! running munged; then
  if [[ -x /usr/sbin/munged ]]; then runuser -u munge -- /usr/sbin/munged --force; else munged --force; fi
fi
if [[ $changed -eq 1 ]] && running slurmctld; then scontrol reconfigure || true; fi
running slurmctld || slurmctld
running slurmd || slurmd

# The node registers within seconds; a node left DOWN by an earlier crash is resumed.
for _ in $(seq 1 60); do
  state=$(sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -n1 || true)
  case "$state" in
    idle|mixed|allocated) echo "slurm-local.sh: node $NODE is $state"; exit 0 ;;
    down*|drain*) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
echo "slurm-local.sh: node $NODE did not become idle within 60 s (state: ${state:-unknown}); see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log" >&2
exit 1
