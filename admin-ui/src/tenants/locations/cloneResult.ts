/** What cloning a tenant into a new location answers (POST /api/admin/tenants/:id/actions/clone). */
export interface CloneResult {
  tenant: { id: string; slug: string; status: string; company_name: string; parent_tenant_id: string };
  workflow_id: string;
  users: Array<{ id: string; email: string; role: string; status: string }>;
}
