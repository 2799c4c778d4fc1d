import { changeTextsCustomer, jobMessageKey, jobStatusRefusal, jobStatusText, latestChange, summariseItems } from '../../domain/jobs';
import { renderTemplate, DEFAULT_TEMPLATES, smsSegments } from '../../domain/messaging';

describe('job statuses', () => {
  it('lets any status follow another until the job is completed', () => {
    expect(jobStatusRefusal('scheduled', 'en_route')).toBeUndefined();
    expect(jobStatusRefusal('parts_arrived', 'en_route')).toBeUndefined();
    expect(jobStatusRefusal('en_route', 'scheduled')).toBeUndefined();
    expect(jobStatusRefusal('completed', 'en_route')).toMatch(/completed/);
    expect(jobStatusRefusal('completed', 'completed')).toBeUndefined();
  });

  it('reads the latest change from the history: its version and how often the job has been in that status', () => {
    const history = [
      { status: 'scheduled' as const, at: '2025-03-01T09:00:00Z' },
      { status: 'en_route' as const, at: '2025-03-01T10:00:00Z' },
      { status: 'parts_ordered' as const, at: '2025-03-01T11:00:00Z' },
      { status: 'en_route' as const, at: '2025-03-03T10:00:00Z' },
    ];
    expect(latestChange(history.slice(0, 1))).toEqual({ status: 'scheduled', version: 1, occurrence: 1 });
    expect(latestChange(history)).toEqual({ status: 'en_route', version: 4, occurrence: 2 });
    expect(() => latestChange([])).toThrow();
  });

  it('texts every change but the booking a job is created with', () => {
    expect(changeTextsCustomer({ status: 'scheduled', version: 1, occurrence: 1 })).toBe(false);
    expect(changeTextsCustomer({ status: 'parts_ordered', version: 1, occurrence: 1 })).toBe(true);
    expect(changeTextsCustomer({ status: 'scheduled', version: 3, occurrence: 2 })).toBe(true);
  });

  it('keys each change by job and status, the occurrence after the first', () => {
    expect(jobMessageKey('j1', { status: 'en_route', occurrence: 1 })).toBe('job:j1:status:en_route');
    expect(jobMessageKey('j1', { status: 'en_route', occurrence: 2 })).toBe('job:j1:status:en_route:2');
  });

  it("words each status, en_route with the technician and arrival, parts with their states", () => {
    const items = [
      { name: 'blower motor', state: 'arrived' as const },
      { name: 'capacitor', state: 'ordered' as const },
    ];
    expect(summariseItems(items)).toBe('blower motor (arrived), capacitor (ordered)');
    expect(jobStatusText('en_route', { technicianName: 'Sam', eta: '10:30 AM', items: [] })).toBe('Sam, your technician, is on the way, arriving around 10:30 AM.');
    expect(jobStatusText('en_route', { technicianName: null, eta: null, items: [] })).toBe('your technician is on the way.');
    expect(jobStatusText('parts_ordered', { technicianName: null, eta: null, items })).toContain('blower motor (arrived), capacitor (ordered)');
    expect(jobStatusText('parts_arrived', { technicianName: null, eta: null, items: [] })).toBe('the parts for your job have arrived. We will be in touch to finish the work.');
    const text = renderTemplate(DEFAULT_TEMPLATES.job_update, { company_name: 'Acme Heating', job_status: jobStatusText('completed', { technicianName: null, eta: null, items }) });
    expect(text).toBe('Acme Heating: your job is complete. Thank you for choosing us!');
    expect(smsSegments(text).segments).toBe(1);
  });
});
