package api

// CodeTooLarge is the error code of a body over its limit; it answers 413. The
// dashboard's forms and calls use it as the API does.
const CodeTooLarge = codeTooLarge
