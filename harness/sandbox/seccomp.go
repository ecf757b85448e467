package sandbox

import (
	"encoding/binary"
	"sync"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"
)

// blocked are the system calls Docker's default seccomp profile refuses a
// container without extra capabilities (its documented list of significant
// blocked calls), which no notebook needs: kernel modules and keyrings,
// mounts and namespaces, clocks, reboot, tracing other processes' memory,
// BPF and perf. The sandbox refuses them with EPERM, as Docker does.
var blocked = []string{
	"acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
	"finit_module", "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl", "kcmp",
	"kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mbind", "mount", "move_mount",
	"move_pages", "name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree", "fsopen",
	"fsconfig", "fsmount", "fspick", "perf_event_open", "pivot_root", "process_vm_readv",
	"process_vm_writev", "ptrace", "query_module", "quotactl", "reboot", "request_key",
	"set_mempolicy", "setns", "settimeofday", "swapon", "swapoff", "sysfs", "_sysctl", "umount2",
	"unshare", "uselib", "userfaultfd", "ustat", "vhangup",
}

var (
	filterOnce  sync.Once
	filterBytes []byte
	filterErr   error
)

// seccompFilter is the BPF program bwrap --seccomp loads, as the raw
// array of struct sock_filter the kernel takes.
func seccompFilter() ([]byte, error) {
	filterOnce.Do(func() {
		policy := seccomp.Policy{
			DefaultAction: seccomp.ActionAllow,
			Syscalls:      []seccomp.SyscallGroup{{Action: seccomp.ActionErrno, Names: known(blocked)}},
		}
		insts, err := policy.Assemble()
		if err != nil {
			filterErr = err
			return
		}
		raw, err := bpf.Assemble(insts)
		if err != nil {
			filterErr = err
			return
		}
		buf := make([]byte, 0, 8*len(raw))
		for _, r := range raw {
			buf = binary.NativeEndian.AppendUint16(buf, r.Op)
			buf = append(buf, r.Jt, r.Jf)
			buf = binary.NativeEndian.AppendUint32(buf, r.K)
		}
		filterBytes = buf
	})
	return filterBytes, filterErr
}

// known keeps the names the filter library knows on this architecture
// (some calls exist only on some: ioperm and iopl are x86's).
func known(names []string) []string {
	var out []string
	for _, n := range names {
		p := seccomp.Policy{DefaultAction: seccomp.ActionAllow, Syscalls: []seccomp.SyscallGroup{{Action: seccomp.ActionErrno, Names: []string{n}}}}
		if _, err := p.Assemble(); err == nil {
			out = append(out, n)
		}
	}
	return out
}
