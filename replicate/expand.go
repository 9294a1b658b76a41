package replicate

import (
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

// The variables Porch fills in when it reads a configuration (see expandEnv).
const (
	envData       = "PORCH_DATA"
	envReplicaURL = "PORCH_REPLICA_URL"
)

// defaultReplicaURL is where replicas go when PORCH_REPLICA_URL is unset: a
// directory beside the databases, so replication works with no set-up.
func defaultReplicaURL(dataDir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dataDir, "replica"))}).String()
}

// Expand replaces $VAR and ${VAR} in a configuration's text as the
// litestream command does (from the environment; $PID is the process id),
// except for two variables, since Litestream has no defaults for unset
// ones: PORCH_DATA is always dataDir (absolute), the directory Porch runs
// on, and an unset or empty PORCH_REPLICA_URL is defaultReplicaURL. The
// shipped litestream.yml works as it is because of these two.
func expandEnv(text, dataDir string) string {
	return os.Expand(text, func(key string) string {
		switch key {
		case "PID":
			return strconv.Itoa(os.Getpid())
		case envData:
			return dataDir
		case envReplicaURL:
			if v := os.Getenv(key); v != "" {
				return v
			}
			return defaultReplicaURL(dataDir)
		}
		return os.Getenv(key)
	})
}

// expandPath makes p absolute, expanding a leading ~ and dropping a
// sqlite:// prefix, as Litestream does with database paths.
func expandPath(p string) (string, error) {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "sqlite3://"), "sqlite://")
	if p == "~" || strings.HasPrefix(p, "~"+string(os.PathSeparator)) {
		u, err := user.Current()
		if err != nil {
			return "", err
		}
		p = filepath.Join(u.HomeDir, strings.TrimPrefix(p, "~"))
	}
	return filepath.Abs(p)
}
