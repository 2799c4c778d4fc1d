import simpleRestProvider from 'ra-data-simple-rest';

/** The admin REST API speaks the ra-data-simple-rest dialect (sort, range, filter; Content-Range). */
export const dataProvider = simpleRestProvider('/api/admin');
