// Package replicate embeds Litestream: it replicates the catalog and every
// open organisation database to the replica named in litestream.yml,
// restores them from it, and checks that the replicas restore.
//
// The configuration file is Litestream's own (a "path" entry for
// <data>/catalog.db and a "dir" entry for <data>/orgs with pattern "*.db"),
// so the stock litestream command can restore from the same replicas.
package replicate

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file" // registers file:// replicas
	"gopkg.in/yaml.v2"
)

// The fields below mirror the part of Litestream's configuration file that
// Porch understands; the names are Litestream's. Keys Porch does not know are
// ignored so that a file written for the litestream command still loads.

type fileConfig struct {
	replicaSettings `yaml:",inline"`

	Levels []struct {
		Interval time.Duration `yaml:"interval"`
	} `yaml:"levels"`
	Snapshot struct {
		Interval  *time.Duration `yaml:"interval"`
		Retention *time.Duration `yaml:"retention"`
	} `yaml:"snapshot"`
	L0Retention              *time.Duration `yaml:"l0-retention"`
	L0RetentionCheckInterval *time.Duration `yaml:"l0-retention-check-interval"`
	Retention                struct {
		Enabled *bool `yaml:"enabled"`
	} `yaml:"retention"`
	ShutdownSyncTimeout  *time.Duration `yaml:"shutdown-sync-timeout"`
	ShutdownSyncInterval *time.Duration `yaml:"shutdown-sync-interval"`

	DBs []*dbConfig `yaml:"dbs"`
}

type dbConfig struct {
	Path               string         `yaml:"path"`
	Dir                string         `yaml:"dir"`
	Pattern            string         `yaml:"pattern"`
	Recursive          bool           `yaml:"recursive"`
	MetaPath           *string        `yaml:"meta-path"`
	MetaDir            *string        `yaml:"meta-dir"`
	MonitorInterval    *time.Duration `yaml:"monitor-interval"`
	CheckpointInterval *time.Duration `yaml:"checkpoint-interval"`
	BusyTimeout        *time.Duration `yaml:"busy-timeout"`
	MinCheckpointPageN *int           `yaml:"min-checkpoint-page-count"`
	TruncatePageN      *int           `yaml:"truncate-page-n"`

	Replica  *replicaConfig   `yaml:"replica"`
	Replicas []*replicaConfig `yaml:"replicas"`
}

// Config is a loaded litestream.yml, resolved against a data directory.
type Config struct {
	File    string // the file it was read from
	DataDir string // absolute

	catalog *dbConfig // the entry whose path is <data>/catalog.db
	orgs    *dbConfig // the entry whose dir is <data>/orgs
	file    fileConfig
}

// ErrNoConfig is returned by Load when no configuration file is given.
var ErrNoConfig = errors.New("no litestream configuration: pass --litestream-config or set PORCH_LITESTREAM_CONFIG")

// Load reads a Litestream configuration file, expanding $VAR and ${VAR}
// from the environment as Litestream does (see expandEnv for the two that
// Porch fills in), and checks that it replicates the catalog and the
// organisations of dataDir.
func Load(file, dataDir string) (*Config, error) {
	if file == "" {
		return nil, ErrNoConfig
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("litestream config: %w", err)
	}
	defer f.Close()
	c, err := Parse(f, dataDir)
	if err != nil {
		return nil, fmt.Errorf("litestream config %s: %w", file, err)
	}
	c.File = file
	return c, nil
}

// Parse reads a configuration from r; see Load.
func Parse(r io.Reader, dataDir string) (*Config, error) {
	buf, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	if c.DataDir, err = filepath.Abs(dataDir); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal([]byte(expandEnv(string(buf), c.DataDir)), &c.file); err != nil {
		return nil, err
	}
	catalogPath := filepath.Join(c.DataDir, "catalog.db")
	orgsDir := filepath.Join(c.DataDir, "orgs")
	for i, d := range c.file.DBs {
		if d == nil {
			continue
		}
		switch {
		case d.Replica == nil && len(d.Replicas) == 1:
			d.Replica, d.Replicas = d.Replicas[0], nil
		case d.Replica == nil:
			return nil, fmt.Errorf("dbs[%d] needs one replica", i)
		case len(d.Replicas) > 0:
			return nil, fmt.Errorf("dbs[%d] has both replica and replicas; give one replica", i)
		}
		d.Replica.inherit(c.file.replicaSettings)
		switch {
		case d.Path != "" && d.Dir != "":
			return nil, fmt.Errorf("dbs[%d] has both path and dir", i)
		case d.Path != "":
			p, err := expandPath(d.Path)
			if err != nil {
				return nil, err
			}
			if p == catalogPath {
				c.catalog = d
			}
		case d.Dir != "":
			p, err := expandPath(d.Dir)
			if err != nil {
				return nil, err
			}
			if p != orgsDir {
				continue
			}
			if d.Pattern == "" {
				return nil, fmt.Errorf("the dir entry for %s needs pattern: \"*.db\"", orgsDir)
			}
			if ok, err := filepath.Match(d.Pattern, "org.db"); err != nil || !ok {
				return nil, fmt.Errorf("the dir entry for %s has pattern %q, which does not match organisation databases (<slug>.db); use \"*.db\"", orgsDir, d.Pattern)
			}
			if d.MetaPath != nil {
				return nil, fmt.Errorf("the dir entry for %s: use meta-dir, not meta-path", orgsDir)
			}
			c.orgs = d
		}
	}
	if c.orgs == nil {
		return nil, fmt.Errorf("no entry replicates the organisations: add to dbs a \"dir: %s\" entry with \"pattern: \\\"*.db\\\"\" and a replica", orgsDir)
	}
	if c.catalog == nil {
		return nil, fmt.Errorf("no entry replicates the catalog: add to dbs a \"path: %s\" entry with a replica", catalogPath)
	}
	for _, d := range []*dbConfig{c.catalog, c.orgs} {
		if _, err := d.Replica.clientFor(""); err != nil {
			return nil, err
		}
	}
	if len(c.file.Levels) > 0 {
		if err := c.Levels().Validate(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// CatalogPath is the catalog database of the data directory.
func (c *Config) CatalogPath() string { return filepath.Join(c.DataDir, "catalog.db") }

// OrgPath is the database of the organisation slug.
func (c *Config) OrgPath(slug string) string {
	return filepath.Join(c.DataDir, "orgs", slug+".db")
}

// entry returns the configuration entry covering the database at path, and
// the path relative to the entry's directory ("" for a path entry).
func (c *Config) entry(dbPath string) (*dbConfig, string, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, "", err
	}
	if abs == c.CatalogPath() {
		return c.catalog, "", nil
	}
	if filepath.Dir(abs) == filepath.Join(c.DataDir, "orgs") {
		if ok, _ := filepath.Match(c.orgs.Pattern, filepath.Base(abs)); ok {
			return c.orgs, filepath.Base(abs), nil
		}
	}
	return nil, "", fmt.Errorf("%s is not covered by %s", dbPath, c.File)
}

// ReplicaClient returns the client of the replica of the database at
// dbPath: for an organisation, the directory entry's replica with the
// database's file name appended, exactly where the litestream command puts
// it.
func (c *Config) ReplicaClient(dbPath string) (litestream.ReplicaClient, error) {
	d, rel, err := c.entry(dbPath)
	if err != nil {
		return nil, err
	}
	return d.Replica.clientFor(rel)
}

// ReplicaURL describes where the replica of dbPath lives, for messages and
// for the litestream command (litestream restore -o PATH URL).
func (c *Config) ReplicaURL(dbPath string) string {
	d, rel, err := c.entry(dbPath)
	if err != nil {
		return ""
	}
	u, err := d.Replica.url(rel)
	if err != nil {
		return ""
	}
	if x, err := url.Parse(u); err == nil {
		x.RawQuery = "" // keep endpoint details out of log lines
		return x.String()
	}
	return u
}

// OrgsReplicaURL is where the organisations' replicas live, one directory
// (or key prefix) per database file under it.
func (c *Config) OrgsReplicaURL() string {
	u, err := c.orgs.Replica.url("")
	if err != nil {
		return ""
	}
	if x, err := url.Parse(u); err == nil {
		x.RawQuery = ""
		return x.String()
	}
	return u
}

// newDB builds the Litestream database for dbPath with the entry's
// settings and replica.
func (c *Config) newDB(dbPath string) (*litestream.DB, error) {
	d, rel, err := c.entry(dbPath)
	if err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(dbPath)
	db := litestream.NewDB(abs)
	switch {
	case d.MetaDir != nil && rel != "":
		dir, err := expandPath(*d.MetaDir)
		if err != nil {
			return nil, err
		}
		db.SetMetaPath(filepath.Join(dir, rel+litestream.MetaDirSuffix))
	case d.MetaPath != nil && rel == "":
		p, err := expandPath(*d.MetaPath)
		if err != nil {
			return nil, err
		}
		db.SetMetaPath(p)
	}
	if d.MonitorInterval != nil {
		db.MonitorInterval = *d.MonitorInterval
	}
	if d.CheckpointInterval != nil {
		db.CheckpointInterval = *d.CheckpointInterval
	}
	if d.BusyTimeout != nil {
		db.BusyTimeout = *d.BusyTimeout
	}
	if d.MinCheckpointPageN != nil {
		db.MinCheckpointPageN = *d.MinCheckpointPageN
	}
	if d.TruncatePageN != nil {
		db.TruncatePageN = *d.TruncatePageN
	}
	client, err := d.Replica.clientFor(rel)
	if err != nil {
		return nil, err
	}
	r := litestream.NewReplicaWithClient(db, client)
	if d.Replica.SyncInterval != nil {
		r.SyncInterval = *d.Replica.SyncInterval
	}
	if fc, ok := client.(*file.ReplicaClient); ok {
		fc.Replica = r // new replica directories take the database directory's permissions
	}
	db.Replica = r
	return db, nil
}

// Levels are the compaction levels: Litestream's defaults unless the file
// lists its own.
func (c *Config) Levels() litestream.CompactionLevels {
	if len(c.file.Levels) == 0 {
		out := make(litestream.CompactionLevels, len(litestream.DefaultCompactionLevels))
		for i, l := range litestream.DefaultCompactionLevels {
			l := *l
			out[i] = &l
		}
		return out
	}
	out := litestream.CompactionLevels{{Level: 0}}
	for i, l := range c.file.Levels {
		out = append(out, &litestream.CompactionLevel{Level: i + 1, Interval: l.Interval})
	}
	return out
}

// SyncInterval is how often the organisations' replica is synced.
func (c *Config) SyncInterval() time.Duration {
	if s := c.orgs.Replica.SyncInterval; s != nil {
		return *s
	}
	return litestream.DefaultSyncInterval
}
