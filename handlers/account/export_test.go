package account

// Names the external tests of this package read, without widening its API.
const (
	CodesPerEmail     = codesPerEmail
	CodesPerIP        = codesPerIP
	PasswordsPerEmail = passwordsPerEmail
	MsgCodeExpired    = msgCodeExpired
	MsgCodeLocked     = msgCodeLocked
	MsgPasswordNo     = msgPasswordNo
)
