import { Contact, Job, Tenant } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { jobStatusText, summariseItems } from '../domain/jobs';
import type { CustomerMessageRequest, SendOutcome } from './messaging';

export function jobActivities(send: (request: CustomerMessageRequest) => Promise<SendOutcome>) {
  return {
    /**
     * Texts the job's customer the change `version` of its history: the status, with the
     * technician, arrival time (in the contact's zone, else the company's) and parts as they
     * were at that change, however late the text goes. A job that is gone texts no one.
     */
    async sendJobUpdate(p: { tenantId: string; jobId: string; version: number; key: string }): Promise<SendOutcome | null> {
      const facts = await withTenant(p.tenantId, async () => {
        const job = await Job.query().findById(p.jobId);
        if (!job) return undefined;
        const contact = await Contact.query().findById(job.contact_id).select('id', 'time_zone');
        const tenant = await Tenant.query().findById(p.tenantId).select('timezone');
        return contact && tenant ? { job, contactId: contact.id, timeZone: contact.time_zone ?? tenant.timezone } : undefined;
      });
      const change = facts?.job.status_history[p.version - 1];
      if (!facts || !change) return null;
      const { job, timeZone } = facts;
      const eta = change.eta ? new Date(change.eta).toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }) : null;
      return send({
        tenantId: p.tenantId,
        key: p.key,
        kind: 'job_update',
        to: facts.contactId,
        appointmentId: job.appointment_id ?? undefined,
        variables: {
          job_status: jobStatusText(change.status, { technicianName: change.technician_name, eta, items: change.items }),
          technician_name: change.technician_name ?? '',
          eta: eta ?? '',
          items: summariseItems(change.items),
        },
      });
    },
  };
}
