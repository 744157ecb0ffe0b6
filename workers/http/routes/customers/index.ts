import { newApp } from '../../app';
import { registerCreateCustomerAddress } from './address-create';
import { registerDeleteCustomerAddress } from './address-delete';
import { registerUpdateCustomerAddress } from './address-update';
import { registerGetCustomerByPhone } from './by-phone';
import { registerCreateCustomer } from './create';
import { registerGetCustomer } from './get';
import { registerListCustomers } from './list';
import { registerMergeCustomer } from './merge';
import { registerListCustomerOrders } from './orders';
import { registerUpdateCustomer } from './update';

/** `/api/v1/customers…`: customers, their addresses, order history and merging. */
export const customerRoutes = newApp();
registerListCustomers(customerRoutes);
registerCreateCustomer(customerRoutes);
registerGetCustomerByPhone(customerRoutes);
registerGetCustomer(customerRoutes);
registerUpdateCustomer(customerRoutes);
registerListCustomerOrders(customerRoutes);
registerMergeCustomer(customerRoutes);
registerCreateCustomerAddress(customerRoutes);
registerUpdateCustomerAddress(customerRoutes);
registerDeleteCustomerAddress(customerRoutes);
