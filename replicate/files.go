package replicate

import (
	"context"
	"errors"
	"time"

	"porch/tenants"
)

// FilesPath is the file store of the organisation slug: <slug>.files.db
// beside its database, matched by the same "dir" entry and replicated to
// <orgs replica>/<slug>.files.db.
func (c *Config) FilesPath(slug string) string { return tenants.FilesPath(c.OrgPath(slug)) }

// RestoreFiles restores the file store that belongs with the organisation
// database at orgPath, as it was at ts, to the file store path of out (the
// organisation's restored database). An organisation that never stored a
// file has no file store and no replica of one: restored is false and the
// error nil.
func (c *Config) RestoreFiles(ctx context.Context, orgPath, out string, ts time.Time) (restored bool, err error) {
	err = c.Restore(ctx, tenants.FilesPath(orgPath), tenants.FilesPath(out), ts)
	if errors.Is(err, ErrNoBackup) {
		return false, nil
	}
	return err == nil, err
}

// ReplaceFiles restores the file store of the organisation database at
// orgPath over the live one, as ReplaceDB does for the database; restored
// is false when there is no replica of one.
func (c *Config) ReplaceFiles(ctx context.Context, orgPath string, ts time.Time) (kept string, restored bool, err error) {
	kept, err = c.ReplaceDB(ctx, tenants.FilesPath(orgPath), ts)
	if errors.Is(err, ErrNoBackup) {
		return "", false, nil
	}
	return kept, err == nil, err
}
