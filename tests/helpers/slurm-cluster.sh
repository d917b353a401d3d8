#!/usr/bin/env bash
# A throwaway one-node Slurm cluster for tests/e2e/slurm.test.ts, all of it in
# one temporary folder: munged, MariaDB (for job accounting), slurmdbd,
# slurmctld and slurmd on 127.0.0.1, on ports nothing else uses.
#
#   slurm-cluster.sh start DIR   writes DIR/slurm.conf and starts the daemons;
#                                prints "SLURM_CONF=DIR/slurm.conf" when sinfo
#                                shows the node idle and sacct answers
#   slurm-cluster.sh stop DIR    stops every daemon it started (by pid file)
#
# It runs in an unprivileged container, as root: no cgroups, no systemd. The
# plug-ins that allows: ProctrackType=proctrack/linuxproc (tracks a job's
# processes by parent pid), TaskPlugin=task/none, JobAcctGatherType=
# jobacct_gather/linux, no cgroup.conf. sacct needs slurmdbd, and slurmdbd
# needs MySQL or MariaDB (Slurm 22.05 has no file-based accounting store).
set -euo pipefail

cmd=${1:?usage: slurm-cluster.sh start|stop DIR}
dir=${2:?usage: slurm-cluster.sh start|stop DIR}

stop() {
  # slurmd and slurmctld first, so nothing writes to slurmdbd while it stops.
  for name in slurmd slurmctld slurmdbd mariadbd munged; do
    local pidfile="$dir/run/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: slurm-cluster.sh start|stop DIR" >&2; exit 2; }

for tool in munged mariadbd mariadb-install-db slurmdbd slurmctld slurmd sbatch sacct; do
  command -v "$tool" >/dev/null || { echo "slurm-cluster.sh: $tool is not installed (apt-get install slurm-wlm slurmdbd munge mariadb-server)" >&2; exit 3; }
done

# Free TCP ports on 127.0.0.1: four in a row from a random start.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 50); do
  base=$((20000 + RANDOM % 30000))
  if port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)) && port_free $((base + 3)); then break; fi
done
db_port=$base dbd_port=$((base + 1)) ctld_port=$((base + 2)) slurmd_port=$((base + 3))

mkdir -p "$dir"/{run,log,munge,mysql,state,spool}
chmod 700 "$dir/munge"
trap 'echo "slurm-cluster.sh: start-up failed; logs in $dir/log" >&2; stop' ERR

# munge: its own key and socket.
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
socket="$dir/munge/munge.socket"
munged --force --key-file="$dir/munge/munge.key" --socket="$socket" --pid-file="$dir/run/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" </dev/null >/dev/null 2>&1

# MariaDB: a fresh data folder, TCP on 127.0.0.1 only, a user for slurmdbd.
mariadb-install-db --no-defaults --datadir="$dir/mysql" --auth-root-authentication-method=normal \
  --skip-test-db --user=root >"$dir/log/mariadb-install.log" 2>&1
cat >"$dir/mysql-init.sql" <<'SQL'
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY 'slurm';
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurm';
GRANT ALL ON *.* TO 'slurm'@'127.0.0.1';
GRANT ALL ON *.* TO 'slurm'@'localhost';
SQL
mariadbd --no-defaults --user=root --datadir="$dir/mysql" --bind-address=127.0.0.1 --port="$db_port" \
  --socket="$dir/run/mysqld.sock" --pid-file="$dir/run/mariadbd.pid" --init-file="$dir/mysql-init.sql" \
  --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin \
  --log-error="$dir/log/mariadbd.log" </dev/null >/dev/null 2>&1 &
for _ in $(seq 100); do port_free "$db_port" || break; sleep 0.1; done

host=$(hostname -s)
cat >"$dir/slurmdbd.conf" <<EOF
AuthType=auth/munge
AuthInfo=socket=$socket
DbdHost=$host
DbdAddr=127.0.0.1
DbdPort=$dbd_port
SlurmUser=root
PidFile=$dir/run/slurmdbd.pid
LogFile=$dir/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$db_port
StorageUser=slurm
StoragePass=slurm
StorageLoc=slurm_acct_db
EOF
chmod 600 "$dir/slurmdbd.conf"

cpus=$(nproc)
cat >"$dir/slurm.conf" <<EOF
ClusterName=casecast-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# An unprivileged container: no cgroups.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=5
# Accounting through slurmdbd, so sacct works.
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$dbd_port
# With auth/munge this names the munge socket for the connection to slurmdbd.
AccountingStoragePass=$socket
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobRequeue=1
KillWait=5
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
NodeName=casecast-node NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=casecast-node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

slurmdbd </dev/null >/dev/null 2>&1
for _ in $(seq 300); do port_free "$dbd_port" || break; sleep 0.1; done
port_free "$dbd_port" && { echo "slurmdbd did not start" >&2; false; }
slurmctld -i </dev/null >/dev/null 2>&1
for _ in $(seq 200); do port_free "$ctld_port" || break; sleep 0.1; done
slurmd -N casecast-node </dev/null >/dev/null 2>&1
for _ in $(seq 300); do
  if sinfo -h -N -o '%t' 2>/dev/null | grep -q '^idle' && sacct -n -X -S now >/dev/null 2>&1; then
    trap - ERR
    echo "SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.1
done
echo "slurm-cluster.sh: the node did not come up idle within 30 s: $(sinfo -N 2>&1)" >&2
false
