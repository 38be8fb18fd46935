#!/usr/bin/env bash
# A private Postfix + Dovecot SASL instance on loopback whose submission service asks the
# rate-limit hook (check_policy_service) about every message. Used by PostfixEndToEndTest;
# adapted from the shared MTA lab (separate config_directory/queue_directory started with
# `postfix -c`, Dovecot auth as its own instance), so the system Postfix is never touched.
#
#   hook-postfix.sh setup DIR SRV SUB_PORT SINK_IP SINK_PORT POLICY_PORT USER:PASS...
#   hook-postfix.sh start DIR SRV SUB_PORT
#   hook-postfix.sh stop  DIR
#
# SRV is the loopback address Postfix listens on (SUB_PORT, AUTH PLAIN/LOGIN, no TLS);
# every non-local recipient is relayed to SINK_IP:SINK_PORT; the policy service is
# inet:127.0.0.1:POLICY_PORT, asked in smtpd_end_of_data_restrictions (see the module README).
set -euo pipefail

setup() {
  local dir=$1 srv=$2 sub=$3 sink_ip=$4 sink_port=$5 policy=$6; shift 6
  local etc=$dir/etc spool=$dir/spool data=$dir/data dov=$dir/dovecot
  mkdir -p "$etc" "$spool" "$data" "$dov/run" "$dov/state"
  # Postfix and Dovecot daemons run as their own users and must traverse these directories.
  chmod 755 "$dir" "$etc" "$dov"
  chown postfix:postfix "$data"
  cp /usr/share/postfix/master.cf.dist "$etc/master.cf"
  cat > "$etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $spool
data_directory = $data
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx-hooktest.example.test
mydomain = example.test
myorigin = \$mydomain
mydestination = \$myhostname, localhost
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = $srv/32
alias_maps =
alias_database =
biff = no
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
# no DNS at all: the remote MX is a literal address and clients are not looked up
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
relayhost = [$sink_ip]:$sink_port
smtp_tls_security_level = none
# SMTP AUTH via Dovecot, plaintext allowed (loopback only)
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = yes
smtpd_tls_security_level = none
smtpd_tls_auth_only = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
# The hook: once per message, after DATA, when sasl_username and recipient_count are final.
smtpd_end_of_data_restrictions = check_policy_service inet:127.0.0.1:$policy
# Fail open if the hook itself is down (the hook fails open on a stale feed by itself).
smtpd_policy_service_default_action = DUNNO
# Anvil limits off so a burst goes through; short queue timers so released mail leaves soon.
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_recipient_rate_limit = 0
smtpd_client_auth_rate_limit = 0
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
CONF
  postconf -c "$etc" -F '*/*/chroot = n'
  postconf -c "$etc" -M# smtp/inet
  postconf -c "$etc" -M "$srv:$sub/inet=$srv:$sub inet n - n - - smtpd"
  postconf -c "$etc" -P "$srv:$sub/inet/syslog_name=postfix/submission"
  postconf -c "$etc" -P "$srv:$sub/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject"
  quiet_or_say postfix -c "$etc" check

  : > "$dov/users"
  local up
  for up in "$@"; do echo "${up%%:*}:{PLAIN}${up#*:}" >> "$dov/users"; done
  chown root:dovecot "$dov/users"; chmod 640 "$dov/users"
  cat > "$dov/dovecot.conf" <<CONF
base_dir = $dov/run
state_dir = $dov/state
instance_name = dovecot-hooktest-$sub
protocols =
ssl = no
log_path = $dir/dovecot.log
auth_mechanisms = plain login
disable_plaintext_auth = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dov/users
}
userdb {
  driver = static
  args = uid=postfix gid=postfix home=/nonexistent
}
service auth {
  unix_listener $spool/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
CONF
}

quiet_or_say() {  # Postfix prints its fatal errors only to a terminal: replay a failure under script(1)
  "$@" && return 0
  command -v script >/dev/null && script -qec "$*" /dev/null >&2 || true
  return 1
}

wait_for() {  # wait_for DESCRIPTION COMMAND...: up to 10 s
  local what=$1 i; shift
  for i in $(seq 100); do "$@" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2; return 1
}

start() {
  local dir=$1 srv=$2 sub=$3
  # Daemons must not keep the caller's stdout open (a test reading it to the end would wait forever).
  dovecot -c "$dir/dovecot/dovecot.conf" </dev/null >>"$dir/start.log" 2>&1
  wait_for "dovecot auth socket" test -S "$dir/spool/private/auth"
  quiet_or_say postfix -c "$dir/etc" start </dev/null >>"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; return 1; }
  wait_for "postfix on $srv:$sub" bash -c "exec 3<>/dev/tcp/$srv/$sub"
}

stop() {
  local dir=$1 pid
  postfix -c "$dir/etc" stop 2>/dev/null || true
  pid=$(head -1 "$dir/dovecot/run/master.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    wait_for "dovecot to stop" bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  fi
}

cmd=${1:-}; shift || true
case "$cmd" in setup|start|stop) "$cmd" "$@" ;; *) sed -n "2,14p" "$0"; exit 2 ;; esac
