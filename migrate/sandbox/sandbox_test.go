package sandbox_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ory/dockertest/v3"
	dc "github.com/ory/dockertest/v3/docker"

	"github.com/collint/collint/migrate/sandbox"
	"github.com/collint/collint/migrate/sandbox/sandboxtest"
)

// dockerClient is a direct Docker client for assertions.
func dockerClient(t *testing.T) *dc.Client {
	t.Helper()
	p, err := dockertest.NewPool("")
	if err != nil {
		t.Fatal(err)
	}
	return p.Client
}

// containersWith lists sandbox containers (any state) carrying label k=v.
func containersWith(t *testing.T, k, v string) []dc.APIContainers {
	t.Helper()
	list, err := dockerClient(t).ListContainers(dc.ListContainersOptions{
		All:     true,
		Filters: map[string][]string{"label": {sandbox.LabelSandbox + "=1", k + "=" + v}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func firstImage(t *testing.T) string {
	t.Helper()
	images := sandboxtest.Images()
	if len(images) == 0 {
		t.Fatal("no test images")
	}
	return images[0]
}

func TestStart(t *testing.T) {
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		t.Parallel()
		t0 := time.Now()
		srv := sandboxtest.StartWith(t, sandbox.Options{Image: image, Database: "collint_it"})
		t.Logf("%s: first successful query %v after start", image, time.Since(t0).Round(time.Millisecond))

		db, err := sql.Open("mysql", srv.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var version, cs, coll, cur, connColl string
		if err := db.QueryRow("SELECT VERSION(), @@character_set_server, @@collation_server, DATABASE(), @@collation_connection").
			Scan(&version, &cs, &coll, &cur, &connColl); err != nil {
			t.Fatal(err)
		}
		d := srv.Defaults()
		t.Logf("%s: version=%s character_set_server=%s collation_server=%s default_collation_for_utf8mb4=%q sql_mode=%s character_set_collations=%q; go-sql-driver default collation_connection=%s",
			image, version, cs, coll, d.DefaultCollationForUTF8MB4, d.SQLMode, d.CharacterSetCollations, connColl)
		if version != srv.Version() || cs != d.CharacterSetServer || coll != d.CollationServer {
			t.Errorf("Defaults() = %+v, server says %s %s %s", d, version, cs, coll)
		}
		if cur != "collint_it" {
			t.Errorf("DATABASE() = %q, want collint_it (MYSQL_DATABASE)", cur)
		}
		wantFlavor := "mysql"
		if strings.Contains(image, "mariadb") {
			wantFlavor = "mariadb"
		}
		if srv.Flavor() != wantFlavor {
			t.Errorf("Flavor() = %q, want %q", srv.Flavor(), wantFlavor)
		}
		if tag := image[strings.LastIndexByte(image, ':')+1:]; !strings.HasPrefix(version, tag+".") {
			t.Errorf("VERSION() = %q, image tag %q", version, tag)
		}

		// The connection collation is selectable, including collations the
		// driver's id table does not know and ones MariaDB 11 would remap.
		for _, want := range []string{d.CollationServer, "utf8mb4_general_ci", "utf8mb4_bin", "latin1_swedish_ci"} {
			db2, err := sql.Open("mysql", srv.DSNWith("", map[string]string{"collation": want}))
			if err != nil {
				t.Fatal(err)
			}
			var conn, client, results string
			err = db2.QueryRow("SELECT @@collation_connection, @@character_set_client, @@character_set_results").Scan(&conn, &client, &results)
			db2.Close()
			if err != nil {
				t.Fatalf("DSNWith(collation=%s): %v", want, err)
			}
			cs := sandbox.CharsetOf(want)
			if conn != want || client != cs || results != cs {
				t.Errorf("DSNWith(collation=%s): collation_connection=%s character_set_client=%s character_set_results=%s",
					want, conn, client, results)
			}
		}

		// Published on 127.0.0.1 only; datadir on tmpfs; labels.
		info, err := dockerClient(t).InspectContainer(srv.ContainerID())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(srv.Addr(), "127.0.0.1:") {
			t.Errorf("Addr() = %s", srv.Addr())
		}
		for port, bindings := range info.NetworkSettings.Ports {
			for _, b := range bindings {
				if b.HostIP != "127.0.0.1" {
					t.Errorf("port %s bound on %q, want 127.0.0.1 only", port, b.HostIP)
				}
			}
		}
		if len(info.NetworkSettings.Ports["3306/tcp"]) == 0 {
			t.Errorf("3306/tcp not published: %+v", info.NetworkSettings.Ports)
		}
		for port, bindings := range info.HostConfig.PortBindings {
			for _, b := range bindings {
				if b.HostIP != "127.0.0.1" {
					t.Errorf("port binding %s on %q", port, b.HostIP)
				}
			}
		}
		if _, ok := info.HostConfig.Tmpfs["/var/lib/mysql"]; !ok {
			t.Errorf("datadir not on tmpfs: %v", info.HostConfig.Tmpfs)
		}
		for k, want := range map[string]string{
			sandbox.LabelSandbox: "1",
			sandbox.LabelImage:   image,
			sandbox.LabelPID:     strconv.Itoa(os.Getpid()),
			sandbox.LabelKeep:    "0",
		} {
			if got := info.Config.Labels[k]; got != want {
				t.Errorf("label %s = %q, want %q", k, got, want)
			}
		}

		// Close removes the container.
		if err := srv.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = dockerClient(t).InspectContainer(srv.ContainerID())
		var nsc *dc.NoSuchContainer
		if !errors.As(err, &nsc) {
			t.Errorf("container still there after Close: inspect err = %v", err)
		}
	})
}

func TestArgsAndEmptyPassword(t *testing.T) {
	sandboxtest.ForEachImage(t, func(t *testing.T, image string) {
		t.Parallel()
		srv := sandboxtest.StartWith(t, sandbox.Options{
			Image:         image,
			Args:          []string{"--performance-schema=ON", "--max-connections=77"},
			EmptyPassword: true,
		})
		if !strings.HasPrefix(srv.DSN(""), "root@tcp(") {
			t.Errorf("DSN with empty password = %q", srv.DSN(""))
		}
		db, err := sql.Open("mysql", srv.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var ps, maxConn int
		if err := db.QueryRow("SELECT @@performance_schema, @@max_connections").Scan(&ps, &maxConn); err != nil {
			t.Fatal(err)
		}
		if ps != 1 || maxConn != 77 {
			t.Errorf("performance_schema=%d max_connections=%d, want 1 and 77", ps, maxConn)
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM performance_schema.events_statements_summary_by_digest").Scan(&n); err != nil {
			t.Errorf("performance_schema not usable: %v", err)
		}
	})
}

func TestKeepReuseAndPrune(t *testing.T) {
	image := firstImage(t)
	sandboxtest.Require(t, image)
	ctx := context.Background()
	run := fmt.Sprintf("keep-%d-%d", os.Getpid(), time.Now().UnixNano())
	opts := sandbox.Options{Image: image, Keep: true, Labels: map[string]string{"collint.test": run}, Logf: t.Logf}
	t.Cleanup(func() { _, _ = sandbox.PruneLabels(context.Background(), map[string]string{"collint.test": run}) })

	a, err := sandbox.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Reused() {
		t.Error("first Start reported Reused")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if got := containersWith(t, "collint.test", run); len(got) != 1 || got[0].State != "running" {
		t.Fatalf("after Close of a Keep server: %+v, want one running container", got)
	}

	b, err := sandbox.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Reused() || b.ContainerID() != a.ContainerID() {
		t.Errorf("second Keep Start: reused=%v id=%s, want reuse of %s", b.Reused(), b.ContainerID(), a.ContainerID())
	}
	db, err := sql.Open("mysql", b.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatalf("reused server: %v", err)
	}
	_ = b.Close()

	// Different Args must not reuse it.
	o2 := opts
	o2.Args = []string{"--max-connections=50"}
	c, err := sandbox.Start(ctx, o2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Reused() || c.ContainerID() == a.ContainerID() {
		t.Errorf("Start with other Args reused %s", c.ContainerID())
	}
	_ = c.Close()

	removed, err := sandbox.PruneLabels(ctx, map[string]string{"collint.test": run})
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 {
		t.Errorf("PruneLabels removed %v, want 2 containers", removed)
	}
	if got := containersWith(t, "collint.test", run); len(got) != 0 {
		t.Errorf("containers left after prune: %+v", got)
	}
}

// TestPrune runs the real, global Prune only when asked: it removes every
// collint sandbox on this Docker engine, including other packages' running
// tests.
func TestPrune(t *testing.T) {
	if os.Getenv("COLLINT_TEST_PRUNE_ALL") != "1" {
		t.Skip("set COLLINT_TEST_PRUNE_ALL=1 to run: Prune removes every collint sandbox on this engine")
	}
	image := firstImage(t)
	sandboxtest.Require(t, image)
	srv, err := sandbox.Start(context.Background(), sandbox.Options{Image: image, Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	removed, err := sandbox.Prune(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, name := range removed {
		found = found || strings.HasPrefix(srv.ContainerID(), name) || strings.Contains(name, "collint-sandbox-")
	}
	if !found {
		t.Errorf("Prune removed %v", removed)
	}
	if got := containersWith(t, sandbox.LabelSandbox, "1"); len(got) != 0 {
		t.Errorf("left after Prune: %+v", got)
	}
}

func TestStartMissingImage(t *testing.T) {
	sandboxtest.RequireDocker(t)
	_, err := sandbox.Start(context.Background(), sandbox.Options{Image: "collint/no-such-image:0"})
	if !errors.Is(err, sandbox.ErrImageNotFound) {
		t.Fatalf("Start of a missing image: %v, want ErrImageNotFound", err)
	}
	t.Log(err)
}

func TestFromDSN(t *testing.T) {
	image := firstImage(t)
	srv := sandboxtest.Start(t, image)
	ctx := context.Background()
	admin, err := sql.Open("mysql", srv.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	before := databases(t, admin)

	scratch, err := sandbox.FromDSN(ctx, srv.DSN("mysql"))
	if err != nil {
		t.Fatal(err)
	}
	name := scratch.Database()
	if !strings.HasPrefix(name, "collint_scratch_") {
		t.Fatalf("scratch database %q", name)
	}
	if scratch.Version() != srv.Version() || scratch.Image() != "" || scratch.ContainerID() != "" {
		t.Errorf("FromDSN server: version %q image %q container %q", scratch.Version(), scratch.Image(), scratch.ContainerID())
	}
	db, err := sql.Open("mysql", scratch.DSNWith("", map[string]string{"multiStatements": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t (c VARCHAR(10)); INSERT INTO t VALUES ('x')"); err != nil {
		t.Fatal(err)
	}
	var cur string
	if err := db.QueryRow("SELECT DATABASE()").Scan(&cur); err != nil || cur != name {
		t.Errorf("DATABASE() = %q, %v; want %s", cur, err, name)
	}
	db.Close()
	during := databases(t, admin)
	if !during[name] || len(during) != len(before)+1 {
		t.Errorf("databases during: %v (before %v)", during, before)
	}

	if err := scratch.Close(); err != nil {
		t.Fatal(err)
	}
	after := databases(t, admin)
	if after[name] || len(after) != len(before) {
		t.Errorf("databases after Close: %v, before %v", after, before)
	}
}

func databases(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	rows, err := db.Query("SHOW DATABASES")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out[s] = true
	}
	return out
}

// helperEnv marks the re-executed test binary of TestInterrupt; with
// helperExitEnv=1 the helper closes its sandbox and exits once ready.
const (
	helperEnv     = "COLLINT_SANDBOX_HELPER_IMAGE"
	helperExitEnv = "COLLINT_SANDBOX_HELPER_EXIT"
)

// startHelper runs TestHelperProcess in a child process and waits for its
// READY line; it returns the child and its container id.
func startHelper(t *testing.T, image string, extraEnv ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+image), extraEnv...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = sandbox.PruneLabels(context.Background(), map[string]string{sandbox.LabelPID: pid})
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "READY ") || strings.HasPrefix(line, "ERROR ") {
				ready <- line
			}
		}
		close(ready)
	}()
	var line string
	select {
	case line = <-ready:
	case <-time.After(3 * time.Minute):
		t.Fatal("helper did not become ready")
	}
	if !strings.HasPrefix(line, "READY ") {
		t.Fatalf("helper: %q", line)
	}
	return cmd, strings.TrimPrefix(line, "READY ")
}

// TestHelperProcess is not a real test: TestInterrupt runs the test binary
// again with only this test and helperEnv set; it starts a sandbox, reports
// READY and blocks until a signal arrives.
func TestHelperProcess(t *testing.T) {
	image := os.Getenv(helperEnv)
	if image == "" {
		t.Skip("helper process for TestInterrupt")
	}
	srv, err := sandbox.Start(context.Background(), sandbox.Options{Image: image, EmptyPassword: true})
	if err != nil {
		fmt.Printf("ERROR %v\n", err)
		os.Exit(3)
	}
	fmt.Printf("READY %s\n", srv.ContainerID())
	if os.Getenv(helperExitEnv) == "1" {
		_ = srv.Close()
		os.Exit(0)
	}
	time.Sleep(5 * time.Minute)
	os.Exit(4) // not reached when the signal handler works
}

// TestInterrupt proves that interrupting a run leaves no collint container
// behind: a child test process starts a sandbox, gets SIGINT (or SIGTERM),
// and must die of that signal after purging its container.
func TestInterrupt(t *testing.T) {
	image := firstImage(t)
	sandboxtest.Require(t, image)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			cmd, id := startHelper(t, image)
			pid := strconv.Itoa(cmd.Process.Pid)
			if got := containersWith(t, sandbox.LabelPID, pid); len(got) != 1 || got[0].ID != id {
				t.Fatalf("before %v: containers with %s=%s: %+v, want %s", sig, sandbox.LabelPID, pid, got, id)
			}

			t0 := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			t.Logf("helper exited after %v: %v", time.Since(t0).Round(time.Millisecond), err)
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("helper exit: %v", err)
			}
			ws := ee.Sys().(syscall.WaitStatus)
			if !(ws.Signaled() && ws.Signal() == sig) && ws.ExitStatus() != 128+int(sig) {
				t.Errorf("helper exit status %v, want death by %v (or exit %d)", ws, sig, 128+int(sig))
			}
			if got := containersWith(t, sandbox.LabelPID, pid); len(got) != 0 {
				t.Errorf("after %v: containers of pid %s left behind: %+v", sig, pid, got)
			}
		})
	}
}

// TestOrphanReaped: a process killed with SIGKILL cannot clean up; the next
// process that starts a sandbox on this host removes its container.
func TestOrphanReaped(t *testing.T) {
	image := firstImage(t)
	sandboxtest.Require(t, image)
	victim, id := startHelper(t, image)
	pid := strconv.Itoa(victim.Process.Pid)
	if err := victim.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = victim.Wait()
	if got := containersWith(t, sandbox.LabelPID, pid); len(got) != 1 || got[0].ID != id {
		t.Fatalf("after SIGKILL: containers of pid %s: %+v, want %s still there", pid, got, id)
	}
	next, _ := startHelper(t, image, helperExitEnv+"=1")
	if err := next.Wait(); err != nil {
		t.Fatalf("second helper: %v", err)
	}
	if got := containersWith(t, sandbox.LabelPID, pid); len(got) != 0 {
		t.Errorf("orphan of killed pid %s not reaped: %+v", pid, got)
	}
}

// TestStartFailureShowsLogs: a server that cannot start fails Start fast,
// with its last log lines in the error, and leaves no container.
func TestStartFailureShowsLogs(t *testing.T) {
	image := firstImage(t)
	sandboxtest.Require(t, image)
	run := fmt.Sprintf("fail-%d-%d", os.Getpid(), time.Now().UnixNano())
	t0 := time.Now()
	_, err := sandbox.Start(context.Background(), sandbox.Options{
		Image:        image,
		Args:         []string{"--collint-no-such-option=1"},
		StartTimeout: time.Minute,
		Labels:       map[string]string{"collint.test": run},
	})
	if err == nil {
		t.Fatal("Start with a bogus server option succeeded")
	}
	t.Logf("after %v: %v", time.Since(t0).Round(time.Millisecond), err)
	msg := err.Error()
	if !strings.Contains(msg, "log lines") || !strings.Contains(msg, "collint-no-such-option") {
		t.Errorf("error lacks the container log: %v", err)
	}
	if time.Since(t0) > 45*time.Second {
		t.Errorf("Start took %v to notice the server died", time.Since(t0))
	}
	if got := containersWith(t, "collint.test", run); len(got) != 0 {
		t.Errorf("failed start left containers: %+v", got)
	}
}
