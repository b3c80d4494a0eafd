package linkedinexport

// Limits bound what Open reads from an archive, so that a hostile or broken file
// cannot exhaust memory or disk. A real archive is far inside the defaults: even a
// heavy user's messages.csv is some tens of megabytes, and CSV text compresses about
// five to fifteen times.
type Limits struct {
	// MaxMembers is the most entries a zip may hold.
	MaxMembers int
	// MaxMemberSize is the most bytes one file may unpack to.
	MaxMemberSize int64
	// MaxTotalSize is the most bytes all the files of a zip may unpack to together.
	MaxTotalSize int64
	// MaxRatio is the highest uncompressed-to-compressed ratio a member may have once
	// it unpacks to more than ratioFloor bytes; zeros and other bombs reach thousands.
	MaxRatio int64
}

// DefaultLimits are the limits Open applies when given the zero Limits.
var DefaultLimits = Limits{
	MaxMembers:    10000,
	MaxMemberSize: 512 << 20,
	MaxTotalSize:  2 << 30,
	MaxRatio:      100,
}

// ratioFloor is the size under which the compression ratio is not checked: a small
// file of repeated text legitimately compresses very well and can do no harm.
const ratioFloor = 1 << 20

// orDefault fills every zero field from DefaultLimits.
func (l Limits) orDefault() Limits {
	if l.MaxMembers <= 0 {
		l.MaxMembers = DefaultLimits.MaxMembers
	}
	if l.MaxMemberSize <= 0 {
		l.MaxMemberSize = DefaultLimits.MaxMemberSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	return l
}
