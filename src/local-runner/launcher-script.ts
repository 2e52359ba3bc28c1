/**
 * Source of the launcher: a small Perl process that forks command jobs for the runner.
 * Forking from a process of a few megabytes costs a fraction of forking Node itself, which
 * roughly doubles the rate of tiny commands (bench B1). It also guards against orphans: when
 * the Node process goes away for any reason (even SIGKILL), the launcher's stdin closes and it
 * ends every job's process group and every process tagged with its second argument (the
 * HPCQ_LOCAL_TAG prefix of this runner's jobs, see job-tag.ts: processes that left their job's
 * group or session), then removes the capture directory (its first argument).
 *
 * Protocol, one line each way per event, fields separated by tabs and %-escaped:
 *   request: id, cwd, stdout path, stderr path, capture flags ("oe", "o", "e" or ""),
 *            fallback command ("" for none), env count, env "K=V" (or "K": unset)..., argv...
 *   replies: "S id pid" (started), "E id wait-status stdout-size stderr-size" (ended; sizes of
 *            captured files, -1 when not captured), "F id message" (could not fork).
 */
export const LAUNCHER_SOURCE = String.raw`
use strict; use warnings; use POSIX (); use Fcntl;
my ($capdir, $tag) = @ARGV;
my %kids; my $out = ''; my $buf = '';
pipe(my $rp, my $wp) or die "pipe: $!";
fcntl($wp, F_SETFL, fcntl($wp, F_GETFL, 0) | O_NONBLOCK);
$SIG{CHLD} = sub { syswrite($wp, 'x') };
# Ctrl-C reaches the whole terminal process group: the Node process decides what happens.
$SIG{INT} = 'IGNORE'; $SIG{HUP} = 'IGNORE'; $SIG{PIPE} = 'IGNORE';
my $self = $$;
# A forked job that has not exec'd yet still has this handler: it must not end its siblings.
$SIG{TERM} = sub { cleanup() if $$ == $self; POSIX::_exit($$ == $self ? 0 : 143) };
sub dec { my $s = shift; $s =~ s/%([0-9A-F]{2})/chr(hex($1))/ge; return $s }
# Live processes whose environment carries one of this runner's job tags.
sub tagged {
  my @pids; my $needle = "\0HPCQ_LOCAL_TAG=$tag";
  opendir(my $d, '/proc') or return ();
  for my $p (grep { /^\d+$/ && $_ != $$ } readdir($d)) {
    open(my $f, '<', "/proc/$p/environ") or next;
    local $/; my $env = <$f>; close($f);
    push(@pids, $p) if defined($env) && index("\0$env", $needle) >= 0;
  }
  return @pids;
}
sub cleanup {
  my @left = defined($tag) ? tagged() : ();
  return unless %kids || @left;
  kill('TERM', -$_) for keys %kids;
  kill('TERM', @left) if @left;
  select(undef, undef, undef, 0.5);
  kill('KILL', -$_) for keys %kids;
  @left = defined($tag) ? tagged() : ();
  kill('KILL', @left) if @left;
}
sub size { my ($path, $cap) = @_; return -1 unless $cap; my $s = -s $path; $s = 0 unless defined $s; unlink $path if $s == 0; return $s }
sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $st = $?; my $k = delete $kids{$pid} or next;
    kill('KILL', -$pid);
    my ($id, $o, $e, $caps) = @$k;
    my $so = size($o, index($caps, 'o') >= 0);
    my $se = $o eq $e ? -1 : size($e, index($caps, 'e') >= 0);
    $out .= "E $id $st $so $se\n";
  }
}
sub launch {
  my ($id, $cwd, $o, $e, $caps, $fallback, $nenv, @rest) = map { dec($_) } split(/\t/, shift, -1);
  my @env = splice(@rest, 0, $nenv);
  my @argv = @rest;
  my $pid = fork();
  if (!defined $pid) { $out .= "F $id fork failed: $!\n"; return }
  if ($pid == 0) {
    # Default handlers before the job's own group exists: a cancel can reach it from then on.
    %kids = (); $SIG{$_} = 'DEFAULT' for qw(INT HUP PIPE TERM CHLD);
    POSIX::setsid();
    open(STDIN, '<', '/dev/null');
    # Output files it creates are owner-only, like every file hpcq writes.
    sysopen(STDOUT, $o, O_WRONLY | O_CREAT | O_TRUNC, 0600) or POSIX::_exit(126);
    if ($o eq $e) { open(STDERR, '>&', \*STDOUT) } else { sysopen(STDERR, $e, O_WRONLY | O_CREAT | O_TRUNC, 0600) or POSIX::_exit(126) }
    if ($cwd ne '' && !chdir($cwd)) { print STDERR "hpcq: cannot enter $cwd: $!\n"; POSIX::_exit(126) }
    for (@env) { my ($k, $v) = split(/=/, $_, 2); if (defined $v) { $ENV{$k} = $v } else { delete $ENV{$k} } }
    { no warnings 'exec'; exec { $argv[0] } @argv; }
    my $err = $! + 0;
    if ($fallback ne '' && $err == POSIX::ENOENT()) { exec('/bin/bash', '-c', $fallback) }
    print STDERR "hpcq: $argv[0]: ", ($err == POSIX::ENOENT() ? 'command not found' : "$!"), "\n";
    POSIX::_exit($err == POSIX::ENOENT() ? 127 : 126);
  }
  $kids{$pid} = [$id, $o, $e, $caps];
  $out .= "S $id $pid\n";
}
my $rin = ''; vec($rin, fileno(STDIN), 1) = 1; vec($rin, fileno($rp), 1) = 1;
while (1) {
  # Perl defers the CHLD handler to after select() returns, so an exit signalled just before
  # select blocks would wait for the next request: look again every 0.1 s while jobs run.
  my $n = select(my $rout = $rin, undef, undef, %kids ? 0.1 : undef);
  if ($n > 0 && vec($rout, fileno($rp), 1)) { sysread($rp, my $junk, 4096) }
  if ($n > 0 && vec($rout, fileno(STDIN), 1)) {
    my $r = sysread(STDIN, my $chunk, 65536);
    if (!$r) { cleanup(); unlink(glob("$capdir/*")); rmdir($capdir); last }
    $buf .= $chunk;
    while ((my $i = index($buf, "\n")) >= 0) { launch(substr($buf, 0, $i)); $buf = substr($buf, $i + 1) }
  }
  reap();
  while (length $out) { my $w = syswrite(STDOUT, $out); last unless defined $w; substr($out, 0, $w) = '' }
}
`;
