package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ory/dockertest/v3"
	dc "github.com/ory/dockertest/v3/docker"
)

const (
	mysqlPort = dc.Port("3306/tcp")
	datadir   = "/var/lib/mysql"
)

var (
	poolMu sync.Mutex
	pool   *dockertest.Pool

	keepMu sync.Mutex // serialises find-or-create of Keep containers

	reapOnce sync.Once
)

// dockerPool returns the process-wide dockertest pool (DOCKER_HOST or the
// default socket), checking that the engine answers.
func dockerPool(ctx context.Context) (*dockertest.Pool, error) {
	poolMu.Lock()
	defer poolMu.Unlock()
	if pool != nil {
		return pool, nil
	}
	p, err := dockertest.NewPool("")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDockerUnavailable, err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.Client.PingWithContext(pctx); err != nil {
		return nil, fmt.Errorf("%w: ping %s: %v", ErrDockerUnavailable, p.Client.Endpoint(), err)
	}
	pool = p
	return pool, nil
}

// Ping reports whether the Docker engine answers (DOCKER_HOST or the default
// socket). The error wraps ErrDockerUnavailable.
func Ping(ctx context.Context) error {
	_, err := dockerPool(ctx)
	return err
}

// Check reports whether Start could run image: Docker answers and the image
// is present locally. The error wraps ErrDockerUnavailable or
// ErrImageNotFound.
func Check(ctx context.Context, image string) error {
	p, err := dockerPool(ctx)
	if err != nil {
		return err
	}
	return checkImage(p, image)
}

func checkImage(p *dockertest.Pool, image string) error {
	if image == "" {
		return errors.New("sandbox: Options.Image is empty")
	}
	if _, err := p.Client.InspectImage(image); err != nil {
		if errors.Is(err, dc.ErrNoSuchImage) {
			return fmt.Errorf("%w: %s (build it with `make images`, i.e. images/build.sh %s)", ErrImageNotFound, image, image)
		}
		return fmt.Errorf("%w: inspect image %s: %v", ErrDockerUnavailable, image, err)
	}
	return nil
}

// container is a sandbox container, addressed by its unique name (which the
// Docker API accepts wherever it takes an id).
type container struct {
	pool *dockertest.Pool
	name string
}

func (c *container) remove(ctx context.Context) error {
	err := c.pool.Client.RemoveContainer(dc.RemoveContainerOptions{
		ID: c.name, Force: true, RemoveVolumes: true, Context: ctx,
	})
	var nsc *dc.NoSuchContainer
	if errors.As(err, &nsc) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sandbox: remove container %s: %w", c.name, err)
	}
	return nil
}

// running returns nil while the container runs, else an error with its state.
func (c *container) running(ctx context.Context) error {
	info, err := c.pool.Client.InspectContainerWithContext(c.name, ctx)
	if err != nil {
		return fmt.Errorf("sandbox: inspect container %s: %w", c.name, err)
	}
	if info.State.Running {
		return nil
	}
	return fmt.Errorf("sandbox: container %s exited (status %d, %s)",
		c.name, info.State.ExitCode, info.State.Status)
}

// logTail returns the container's last n log lines, formatted for an error.
func (c *container) logTail(ctx context.Context, n int) string {
	var out bytes.Buffer
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := c.pool.Client.Logs(dc.LogsOptions{
		Context:      lctx,
		Container:    c.name,
		OutputStream: &out,
		ErrorStream:  &out,
		Stdout:       true,
		Stderr:       true,
		Tail:         strconv.Itoa(n),
	})
	if err != nil {
		return fmt.Sprintf("\n(could not read container logs: %v)", err)
	}
	s := strings.TrimRight(out.String(), "\n")
	if s == "" {
		return "\n(container log is empty)"
	}
	return fmt.Sprintf("\n--- last %d log lines of %s ---\n%s\n---", n, c.name, s)
}

// Start runs a sandbox container from o.Image and waits until it answers.
// See Options. The returned Server must be closed.
func Start(ctx context.Context, o Options) (*Server, error) {
	if o.StartTimeout <= 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.Args == nil {
		o.Args = []string{}
	}
	p, err := dockerPool(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkImage(p, o.Image); err != nil {
		return nil, err
	}
	reapOnce.Do(func() { reapOrphans(ctx, p, &o) })

	if o.Keep {
		keepMu.Lock()
		defer keepMu.Unlock()
		srv, err := reuse(ctx, p, &o)
		if err != nil || srv != nil {
			return srv, err
		}
	} else {
		// Install before the container exists, so a signal between
		// creation and registration cannot leak it.
		installSignalHandler()
	}

	password := ""
	env := append([]string{}, o.Env...)
	if o.EmptyPassword {
		env = append(env, "MYSQL_ALLOW_EMPTY_PASSWORD=1")
	} else {
		password = randomHex(12)
		env = append(env, "MYSQL_ROOT_PASSWORD="+password)
	}
	if o.Database != "" {
		env = append(env, "MYSQL_DATABASE="+o.Database)
	}
	argsJSON, _ := json.Marshal(o.Args)
	host, _ := os.Hostname()
	labels := map[string]string{}
	for k, v := range o.Labels {
		labels[k] = v
	}
	for k, v := range map[string]string{
		LabelSandbox: "1",
		LabelImage:   o.Image,
		LabelPID:     strconv.Itoa(os.Getpid()),
		LabelKeep:    boolLabel(o.Keep),
		LabelArgs:    string(argsJSON),
		LabelHost:    host,
	} {
		labels[k] = v
	}
	if ns := pidNamespace(); ns != "" {
		labels[LabelPIDNS] = ns
	}
	repo, tag := splitImage(o.Image)
	name := fmt.Sprintf("collint-sandbox-%s-%d-%s", nameSafe(o.Image), os.Getpid(), randomHex(3))
	tmpfsOpts := "rw"
	if o.TmpfsSize != "" {
		tmpfsOpts += ",size=" + o.TmpfsSize
	}
	run := &dockertest.RunOptions{
		Name:       name,
		Repository: repo,
		Tag:        tag,
		Env:        env,
		Labels:     labels,
		// The images' CMD is the server; a leading "-" makes the
		// entrypoint prepend it, as with the official images.
		Cmd:          o.Args,
		ExposedPorts: []string{string(mysqlPort)},
	}
	if len(o.Args) == 0 {
		run.Cmd = nil // keep the image's CMD
	}
	// Register before the container exists: if a signal arrives while it
	// is being created, the handler removes it by name. (A container whose
	// creation completes after the handler ran is left to reapOrphans.)
	c := &container{pool: p, name: name}
	srv := &Server{image: o.Image, keep: o.Keep, database: o.Database, cont: c}
	if !o.Keep {
		register(srv)
	}
	logf(&o, "starting %s (%s)", o.Image, name)
	t0 := time.Now()
	res, err := p.RunWithOptions(run, func(hc *dc.HostConfig) {
		hc.PublishAllPorts = false
		hc.PortBindings = map[dc.Port][]dc.PortBinding{
			mysqlPort: {{HostIP: "127.0.0.1", HostPort: ""}},
		}
		hc.Tmpfs = map[string]string{datadir: tmpfsOpts}
		hc.AutoRemove = false
		hc.RestartPolicy = dc.RestartPolicy{Name: "no"}
	})
	if err != nil {
		// RunWithOptions may have created the container before failing.
		_ = c.remove(context.WithoutCancel(ctx))
		unregister(srv)
		return nil, fmt.Errorf("sandbox: run %s: %w", o.Image, err)
	}
	srv.containerID = res.Container.ID
	if err := srv.connect(ctx, res.Container, password, &o); err != nil {
		_ = srv.Close()
		if o.Keep { // a kept container that never worked is useless
			_ = c.remove(context.WithoutCancel(ctx))
		}
		return nil, err
	}
	logf(&o, "%s answered after %v: %s", o.Image, time.Since(t0).Round(time.Millisecond), srv.Version())
	return srv, nil
}

// connect waits for the container's server and reads its defaults.
func (s *Server) connect(ctx context.Context, info *dc.Container, password string, o *Options) error {
	port, err := hostPort(info)
	if err != nil {
		return err
	}
	s.cfg = newConfig("127.0.0.1:"+port, "root", password)
	wctx, cancel := context.WithTimeout(ctx, o.StartTimeout)
	defer cancel()
	db, err := waitReady(wctx, s.cfg, s.cont.running)
	if err != nil {
		return fmt.Errorf("sandbox: %s (container %s) not ready after %v: %w%s",
			o.Image, s.cont.name, o.StartTimeout, err, s.cont.logTail(ctx, 20))
	}
	defer db.Close()
	if o.Database != "" && s.reused {
		if _, err := db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdent(o.Database)); err != nil {
			return fmt.Errorf("sandbox: create database %s: %w", o.Database, err)
		}
	}
	if err := s.readDefaults(ctx, db); err != nil {
		return fmt.Errorf("sandbox: read server defaults: %w", err)
	}
	return nil
}

// reuse returns a Server for a running Keep container matching o, or nil.
func reuse(ctx context.Context, p *dockertest.Pool, o *Options) (*Server, error) {
	argsJSON, _ := json.Marshal(o.Args)
	filter := []string{LabelSandbox + "=1", LabelKeep + "=1", LabelImage + "=" + o.Image}
	for k, v := range o.Labels {
		filter = append(filter, k+"="+v)
	}
	list, err := p.Client.ListContainers(dc.ListContainersOptions{
		Context: ctx,
		Filters: map[string][]string{"label": filter, "status": {"running"}},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: list containers: %v", ErrDockerUnavailable, err)
	}
	for _, ac := range list {
		if ac.Labels[LabelArgs] != string(argsJSON) {
			continue
		}
		info, err := p.Client.InspectContainerWithContext(ac.ID, ctx)
		if err != nil {
			continue
		}
		password := envValue(info.Config.Env, "MYSQL_ROOT_PASSWORD")
		c := &container{pool: p, name: strings.TrimPrefix(info.Name, "/")}
		srv := &Server{image: o.Image, keep: true, reused: true, database: o.Database, cont: c, containerID: info.ID}
		if err := srv.connect(ctx, info, password, o); err != nil {
			logf(o, "not reusing %s: %v", c.name, err)
			continue
		}
		logf(o, "reusing kept container %s (%s)", c.name, srv.Version())
		return srv, nil
	}
	return nil, nil
}

// Prune force-removes every container labelled collint.sandbox=1 (running or
// not, kept or not, from any process) with its anonymous volumes, and returns
// their names.
func Prune(ctx context.Context) (removed []string, err error) {
	p, err := dockerPool(ctx)
	if err != nil {
		return nil, err
	}
	return removeWhere(ctx, p, func(dc.APIContainers) bool { return true })
}

// PruneLabels is Prune restricted to sandbox containers that also carry all
// the given labels (e.g. Options.Labels of one run, or
// {LabelImage: "collint/mysql:9.7"}, or {LabelPID: "1234"}).
func PruneLabels(ctx context.Context, labels map[string]string) (removed []string, err error) {
	p, err := dockerPool(ctx)
	if err != nil {
		return nil, err
	}
	return removeWhere(ctx, p, func(ac dc.APIContainers) bool {
		for k, v := range labels {
			if ac.Labels[k] != v {
				return false
			}
		}
		return true
	})
}

func removeWhere(ctx context.Context, p *dockertest.Pool, match func(dc.APIContainers) bool) ([]string, error) {
	list, err := p.Client.ListContainers(dc.ListContainersOptions{
		Context: ctx,
		All:     true,
		Filters: map[string][]string{"label": {LabelSandbox + "=1"}},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: list containers: %v", ErrDockerUnavailable, err)
	}
	var removed []string
	var errs []error
	for _, ac := range list {
		if !match(ac) {
			continue
		}
		name := ac.ID
		if len(ac.Names) > 0 {
			name = strings.TrimPrefix(ac.Names[0], "/")
		}
		c := &container{pool: p, name: name}
		if err := c.remove(ctx); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}

// reapOrphans removes non-Keep sandbox containers created on this host, in
// this pid namespace, by processes that no longer exist (SIGKILL, go test
// timeouts). Best effort; run once per process.
func reapOrphans(ctx context.Context, p *dockertest.Pool, o *Options) {
	host, _ := os.Hostname()
	ns := pidNamespace()
	if ns == "" || host == "" {
		return // cannot tell whose pids these are
	}
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	removed, _ := removeWhere(rctx, p, func(ac dc.APIContainers) bool {
		l := ac.Labels
		if l[LabelKeep] != "0" || l[LabelHost] != host || l[LabelPIDNS] != ns {
			return false
		}
		pid, err := strconv.Atoi(l[LabelPID])
		return err == nil && pid > 0 && pid != os.Getpid() && !processExists(pid)
	})
	if len(removed) > 0 {
		logf(o, "removed %d orphaned sandbox container(s) of dead processes: %s", len(removed), strings.Join(removed, ", "))
	}
}

func hostPort(info *dc.Container) (string, error) {
	if info.NetworkSettings != nil {
		for _, b := range info.NetworkSettings.Ports[mysqlPort] {
			if b.HostPort != "" {
				return b.HostPort, nil
			}
		}
	}
	return "", fmt.Errorf("sandbox: container %s has no host port for %s", info.Name, mysqlPort)
}

// splitImage splits "repo[:tag]" (repo may hold a registry host:port).
func splitImage(image string) (repo, tag string) {
	slash := strings.LastIndexByte(image, '/')
	if colon := strings.LastIndexByte(image, ':'); colon > slash {
		return image[:colon], image[colon+1:]
	}
	return image, "latest"
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

func nameSafe(image string) string {
	return strings.Trim(unsafeName.ReplaceAllString(strings.TrimPrefix(image, "collint/"), "-"), "-.")
}

func envValue(env []string, name string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

func boolLabel(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
