package lead

import (
	"fmt"
	"strings"

	"github.com/paceline/paceline"
)

// A row with an email and no LinkedIn key is matched to the lead holding the address,
// but a shared address (info@, a team's inbox) says little about who the row is:
// `Amy,CEO,shared@x.com,in/amy` then `Cid,CTO,shared@x.com,` made Amy's title CTO, as
// a later source of Amy's would. So when such a row names someone else than the
// lead, it only fills what the lead does not know, and a warning says so.

// otherName reports whether two leads are named differently: a part of the name both
// know (first, last, or the display name when neither has a first name) differs.
func otherName(a, b *paceline.Lead) bool {
	differ := func(x, y string) bool {
		x, y = strings.TrimSpace(x), strings.TrimSpace(y)
		return x != "" && y != "" && !strings.EqualFold(x, y)
	}
	if a.FirstName == "" && b.FirstName == "" {
		return differ(a.DisplayName, b.DisplayName)
	}
	return differ(a.FirstName, b.FirstName) || differ(a.LastName, b.LastName)
}

// emailOnlyStranger reports whether a row of keys (an email, no LinkedIn key) names
// another person than cur, the lead holding its email.
func emailOnlyStranger(row *paceline.Lead, keys []Key, cur *paceline.Lead) bool {
	for _, k := range keys {
		if k.Type != KeyEmail {
			return false
		}
	}
	return otherName(row, cur)
}

// blanksOnly returns a copy of src without the values dst knows, so that dst.Fill
// takes from it only what dst lacks.
func blanksOnly(dst, src *paceline.Lead) *paceline.Lead {
	c := src.Clone()
	if dst.Company != "" {
		c.Company, c.CompanyKey = "", ""
	}
	if dst.Title != "" {
		c.Title, c.Seniority, c.Department = "", dst.Seniority, dst.Department
	}
	if dst.Location != "" {
		c.Location, c.TimeZone = "", ""
	}
	if dst.Industry != "" {
		c.Industry = ""
	}
	if dst.EmployeesMin != 0 || dst.EmployeesMax != 0 {
		c.EmployeesMin, c.EmployeesMax = 0, 0
	}
	if dst.MutualConnections != 0 {
		c.MutualConnections = 0
	}
	for k := range c.Custom {
		if dst.Custom[k] != "" {
			delete(c.Custom, k)
		}
	}
	return c
}

// strangerWarning is the warning of an email-only row naming another person than the
// lead holding its address.
func (p *pipeline) strangerWarning(it *importItem, cur *paceline.Lead) RowWarning {
	email := ""
	for _, k := range it.keys {
		email = k.Value
	}
	who := strings.TrimSpace(cur.FirstName + " " + cur.LastName)
	if who == "" {
		who = cur.DisplayName
	}
	row := strings.TrimSpace(it.lead.FirstName + " " + it.lead.LastName)
	if row == "" {
		row = it.lead.DisplayName
	}
	return RowWarning{Line: it.line, Field: emailColumn(p.columns, int(it.emailCol)), Value: email,
		Reason: fmt.Sprintf("this row has only the email %s, which is lead %d's (%s), but names %s: it filled only what lead %d did not know, and changed none of its values",
			email, cur.ID, who, row, cur.ID)}
}

// warnMore lists one more warning of a row place has counted already (warn).
func (p *pipeline) warnMore(it *importItem, w RowWarning) {
	r := p.rep
	if len(it.warnings) == 0 {
		r.Warnings++
	}
	it.warnings = append(it.warnings, w)
	if len(r.WarningLines) < p.opt.MaxErrors {
		r.WarningLines = append(r.WarningLines, w)
	} else {
		r.WarningsOmitted++
	}
}
